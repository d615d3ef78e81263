using System.Reflection.Metadata;

namespace Metering.Portability;

/// <summary>Readable names for metadata handles, for violation messages.</summary>
internal readonly struct MetadataNames(MetadataReader md)
{
    public string Of(EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeDefinition => Of((TypeDefinitionHandle)handle),
        HandleKind.TypeReference => Of((TypeReferenceHandle)handle),
        HandleKind.MethodDefinition => Of((MethodDefinitionHandle)handle),
        HandleKind.MemberReference => Of((MemberReferenceHandle)handle),
        HandleKind.TypeSpecification => Of((TypeSpecificationHandle)handle),
        _ => handle.Kind.ToString(),
    };

    public string Of(TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        var name = md.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return Of(declaring) + "+" + name;
        }

        var ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    public string Of(TypeReferenceHandle handle)
    {
        var type = md.GetTypeReference(handle);
        var ns = md.GetString(type.Namespace);
        var name = md.GetString(type.Name);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    public string Of(MethodDefinitionHandle handle)
    {
        var method = md.GetMethodDefinition(handle);
        return Of(method.GetDeclaringType()) + "." + md.GetString(method.Name);
    }

    public string Of(MemberReferenceHandle handle)
    {
        var member = md.GetMemberReference(handle);
        return Of(member.Parent) + "." + md.GetString(member.Name);
    }

    public string Of(TypeSpecificationHandle handle) =>
        md.GetTypeSpecification(handle).DecodeSignature(new GenericSignatureProbe(), null);
}
