using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Metering.Portability;

/// <summary>
/// A signature decoder provider that builds nothing but remembers the first generic construct it meets:
/// an instantiation (<c>Action&lt;int&gt;</c>) or a type or method parameter (<c>T</c>, <c>!!0</c>).
/// </summary>
internal sealed class GenericSignatureProbe : ISignatureTypeProvider<string, object?>
{
    /// <summary>What was found since the last <see cref="Reset"/>, or null.</summary>
    public string? Found { get; private set; }

    public void Reset() => Found = null;

    private string Flag(string what)
    {
        Found ??= what;
        return what;
    }

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) =>
        Flag($"instantiates {genericType}<{string.Join(", ", typeArguments)}>");

    public string GetGenericMethodParameter(object? genericContext, int index) => Flag($"uses generic method parameter !!{index}");

    public string GetGenericTypeParameter(object? genericContext, int index) => Flag($"uses generic type parameter !{index}");

    public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

    public string GetByReferenceType(string elementType) => elementType + "&";

    public string GetFunctionPointerType(MethodSignature<string> signature) => "method*";

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

    public string GetPinnedType(string elementType) => elementType;

    public string GetPointerType(string elementType) => elementType + "*";

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
        new MetadataNames(reader).Of(handle);

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
        new MetadataNames(reader).Of(handle);

    public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
}
