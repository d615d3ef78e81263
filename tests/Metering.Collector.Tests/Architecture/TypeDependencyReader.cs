using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Metering.Collector.Tests.Architecture;

/// <summary>A type named in metadata: the assembly that defines it, its namespace and its top-level name.</summary>
internal readonly record struct TypeName(string Assembly, string Namespace, string Name)
{
    /// <inheritdoc />
    public override string ToString() => Namespace.Length == 0 ? Name : Namespace + "." + Name;
}

/// <summary>One use of a type by a type defined in the assembly read.</summary>
internal readonly record struct TypeUse(TypeName From, TypeName To);

/// <summary>
/// Reads which types each type of a compiled assembly uses, from its metadata and IL alone: base type and
/// interfaces, field, method and local signatures, and every type, method and field token in the method bodies
/// (so <c>new T()</c>, a static call and a cast count, as the compiler emitted them). Nested and compiler-generated
/// types (closures, state machines) count as their outermost declaring type.
/// </summary>
internal static class TypeDependencyReader
{
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    /// <summary>Every distinct (user, used) pair of top-level types in the assembly at <paramref name="path"/>, and (T, T) for each type T it defines.</summary>
    public static IReadOnlyCollection<TypeUse> Read(string path)
    {
        using var image = File.OpenRead(path);
        return Read(image);
    }

    /// <summary>Every distinct (user, used) pair of top-level types in the PE image <paramref name="image"/>.</summary>
    public static IReadOnlyCollection<TypeUse> Read(Stream image)
    {
        using var pe = new PEReader(image, PEStreamOptions.LeaveOpen);
        var md = pe.GetMetadataReader();
        var self = md.GetString(md.GetAssemblyDefinition().Name);
        var names = new Names(md, self);
        var uses = new HashSet<TypeUse>();
        foreach (var handle in md.TypeDefinitions)
        {
            var from = names.Of(handle);
            var type = md.GetTypeDefinition(handle);
            uses.Add(new TypeUse(from, from)); // every type is listed, even one that uses nothing
            void Add(IEnumerable<TypeName> targets)
            {
                foreach (var t in targets)
                {
                    if (t != from)
                    {
                        uses.Add(new TypeUse(from, t));
                    }
                }
            }

            if (!type.BaseType.IsNil)
            {
                Add(names.Types(type.BaseType));
            }

            foreach (var i in type.GetInterfaceImplementations())
            {
                Add(names.Types(md.GetInterfaceImplementation(i).Interface));
            }

            foreach (var f in type.GetFields())
            {
                Add(md.GetFieldDefinition(f).DecodeSignature(names, null));
            }

            foreach (var m in type.GetMethods())
            {
                var method = md.GetMethodDefinition(m);
                var signature = method.DecodeSignature(names, null);
                Add(signature.ReturnType);
                foreach (var p in signature.ParameterTypes)
                {
                    Add(p);
                }

                if (method.RelativeVirtualAddress != 0)
                {
                    Add(BodyTypes(pe.GetMethodBody(method.RelativeVirtualAddress), md, names));
                }
            }
        }

        return uses;
    }

    private static IEnumerable<TypeName> BodyTypes(MethodBodyBlock body, MetadataReader md, Names names)
    {
        var found = new List<TypeName>();
        if (!body.LocalSignature.IsNil)
        {
            foreach (var local in md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(names, null))
            {
                found.AddRange(local);
            }
        }

        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            short code = il.ReadByte();
            if (code == 0xFE)
            {
                code = (short)(0xFE00 | il.ReadByte());
            }

            switch (Operands[code])
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    found.AddRange(names.Types(MetadataTokens.EntityHandle(il.ReadInt32())));
                    break;
                case OperandType.InlineSwitch:
                    var targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.Offset += 8;
                    break;
                default:
                    il.Offset += 4;
                    break;
            }
        }

        return found;
    }

    /// <summary>Resolves handles and signatures to top-level type names.</summary>
    private sealed class Names(MetadataReader md, string self) : ISignatureTypeProvider<ImmutableArray<TypeName>, object?>
    {
        private static readonly ImmutableArray<TypeName> None = [];

        public TypeName Of(TypeDefinitionHandle handle)
        {
            var type = md.GetTypeDefinition(handle);
            while (!type.GetDeclaringType().IsNil)
            {
                type = md.GetTypeDefinition(type.GetDeclaringType());
            }

            return new TypeName(self, md.GetString(type.Namespace), md.GetString(type.Name));
        }

        private TypeName Of(TypeReferenceHandle handle)
        {
            var type = md.GetTypeReference(handle);
            while (type.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                type = md.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
            }

            var assembly = type.ResolutionScope.Kind == HandleKind.AssemblyReference
                ? md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope).Name)
                : self;
            return new TypeName(assembly, md.GetString(type.Namespace), md.GetString(type.Name));
        }

        /// <summary>The types a type, member or type-spec token names.</summary>
        public ImmutableArray<TypeName> Types(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeDefinition => [Of((TypeDefinitionHandle)handle)],
            HandleKind.TypeReference => [Of((TypeReferenceHandle)handle)],
            HandleKind.TypeSpecification => md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
            HandleKind.MethodDefinition => [Of(md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType())],
            HandleKind.FieldDefinition => [Of(md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType())],
            HandleKind.MemberReference => Types(md.GetMemberReference((MemberReferenceHandle)handle).Parent),
            HandleKind.MethodSpecification => MethodSpec((MethodSpecificationHandle)handle),
            _ => None,
        };

        private ImmutableArray<TypeName> MethodSpec(MethodSpecificationHandle handle)
        {
            var spec = md.GetMethodSpecification(handle);
            return [.. Types(spec.Method), .. spec.DecodeSignature(this, null).SelectMany(t => t)];
        }

        public ImmutableArray<TypeName> GetPrimitiveType(PrimitiveTypeCode typeCode) => None;

        public ImmutableArray<TypeName> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [Of(handle)];

        public ImmutableArray<TypeName> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => [Of(handle)];

        public ImmutableArray<TypeName> GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public ImmutableArray<TypeName> GetSZArrayType(ImmutableArray<TypeName> elementType) => elementType;

        public ImmutableArray<TypeName> GetArrayType(ImmutableArray<TypeName> elementType, ArrayShape shape) => elementType;

        public ImmutableArray<TypeName> GetByReferenceType(ImmutableArray<TypeName> elementType) => elementType;

        public ImmutableArray<TypeName> GetPointerType(ImmutableArray<TypeName> elementType) => elementType;

        public ImmutableArray<TypeName> GetPinnedType(ImmutableArray<TypeName> elementType) => elementType;

        public ImmutableArray<TypeName> GetGenericInstantiation(ImmutableArray<TypeName> genericType, ImmutableArray<ImmutableArray<TypeName>> typeArguments) =>
            [.. genericType, .. typeArguments.SelectMany(t => t)];

        public ImmutableArray<TypeName> GetGenericMethodParameter(object? genericContext, int index) => None;

        public ImmutableArray<TypeName> GetGenericTypeParameter(object? genericContext, int index) => None;

        public ImmutableArray<TypeName> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeName>> signature) =>
            [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(t => t)];

        public ImmutableArray<TypeName> GetModifiedType(ImmutableArray<TypeName> modifier, ImmutableArray<TypeName> unmodifiedType, bool isRequired) => unmodifiedType;

        public ImmutableArray<TypeName> GetTypeFromSerializedName(string name) => None;

        public PrimitiveTypeCode GetUnderlyingEnumType(ImmutableArray<TypeName> type) => PrimitiveTypeCode.Int32;
    }
}
