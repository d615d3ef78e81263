using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Metering.Portability;

/// <summary>
/// Reads an assembly's metadata and lists what the nanoFramework 1.x runtime cannot run: generic definitions
/// (GenericParam rows), generic method instantiations (MethodSpec rows), generic type instantiations (TypeSpec
/// rows and any signature that instantiates a generic type), references to namespaces the device lacks, and
/// assembly references other than mscorlib and the project's own portable assemblies.
/// </summary>
public static class PortableMetadataChecker
{
    /// <summary>Namespaces whose use means LINQ, async/Task, System.Text.Json or reflection serializers.</summary>
    public static readonly IReadOnlyList<string> BannedNamespaces =
    [
        "System.Linq", "System.Threading.Tasks", "System.Text.Json", "System.Runtime.Serialization",
        "System.Xml.Serialization", "System.Collections.Generic",
    ];

    /// <summary>Checks the PE image in <paramref name="path"/>.</summary>
    public static IReadOnlyList<PortabilityViolation> Check(string path, IEnumerable<string>? allowedReferencePrefixes = null)
    {
        using var stream = File.OpenRead(path);
        return Check(stream, allowedReferencePrefixes);
    }

    /// <summary>Checks a PE image. <paramref name="allowedReferencePrefixes"/> defaults to <c>mscorlib</c> and <c>Metering.</c>.</summary>
    public static IReadOnlyList<PortabilityViolation> Check(Stream peImage, IEnumerable<string>? allowedReferencePrefixes = null)
    {
        using var pe = new PEReader(peImage, PEStreamOptions.LeaveOpen);
        try
        {
            if (!pe.HasMetadata)
            {
                return [new PortabilityViolation("not-managed", "(image)", "the file has no CLI metadata")];
            }
        }
        catch (BadImageFormatException e)
        {
            return [new PortabilityViolation("not-managed", "(image)", "not a PE image: " + e.Message)];
        }

        var md = pe.GetMetadataReader();
        var found = new List<PortabilityViolation>();
        var names = new MetadataNames(md);
        CheckGenericDefinitions(md, names, found);
        CheckMethodSpecs(md, names, found);
        CheckTypeSpecs(md, names, found);
        CheckSignatures(pe, md, names, found);
        CheckTypeReferences(md, found);
        CheckAssemblyReferences(md, allowedReferencePrefixes ?? ["mscorlib", "Metering."], found);
        return found;
    }

    private static void CheckGenericDefinitions(MetadataReader md, MetadataNames names, List<PortabilityViolation> found)
    {
        for (var row = 1; row <= md.GetTableRowCount(TableIndex.GenericParam); row++)
        {
            var parameter = md.GetGenericParameter(MetadataTokens.GenericParameterHandle(row));
            found.Add(new PortabilityViolation(
                "generic-definition",
                names.Of(parameter.Parent),
                $"declares generic parameter '{md.GetString(parameter.Name)}'"));
        }
    }

    private static void CheckMethodSpecs(MetadataReader md, MetadataNames names, List<PortabilityViolation> found)
    {
        for (var row = 1; row <= md.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            var spec = md.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row));
            found.Add(new PortabilityViolation("generic-method-call", names.Of(spec.Method), "calls a generic method instantiation"));
        }
    }

    private static void CheckTypeSpecs(MetadataReader md, MetadataNames names, List<PortabilityViolation> found)
    {
        for (var row = 1; row <= md.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            var handle = MetadataTokens.TypeSpecificationHandle(row);
            var spec = md.GetTypeSpecification(handle);
            var blob = md.GetBlobReader(spec.Signature);
            if (blob.ReadSignatureTypeCode() == SignatureTypeCode.GenericTypeInstance)
            {
                found.Add(new PortabilityViolation("generic-instantiation", names.Of(handle), "uses a generic type instantiation"));
            }
        }
    }

    private static void CheckSignatures(PEReader pe, MetadataReader md, MetadataNames names, List<PortabilityViolation> found)
    {
        var probe = new GenericSignatureProbe();
        foreach (var typeHandle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(typeHandle);
            foreach (var fieldHandle in type.GetFields())
            {
                var field = md.GetFieldDefinition(fieldHandle);
                Report(found, probe, names.Of(typeHandle) + "." + md.GetString(field.Name), () => field.DecodeSignature(probe, null));
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                var where = names.Of(methodHandle);
                Report(found, probe, where, () => method.DecodeSignature(probe, null));
                if (method.RelativeVirtualAddress != 0)
                {
                    var locals = pe.GetMethodBody(method.RelativeVirtualAddress).LocalSignature;
                    if (!locals.IsNil)
                    {
                        var signature = md.GetStandaloneSignature(locals);
                        Report(found, probe, where + " (locals)", () => signature.DecodeLocalSignature(probe, null));
                    }
                }
            }
        }

        foreach (var refHandle in md.MemberReferences)
        {
            var member = md.GetMemberReference(refHandle);
            var where = names.Of(refHandle);
            if (member.GetKind() == MemberReferenceKind.Method)
            {
                Report(found, probe, where, () => member.DecodeMethodSignature(probe, null));
            }
            else
            {
                Report(found, probe, where, () => member.DecodeFieldSignature(probe, null));
            }
        }
    }

    private static void Report(List<PortabilityViolation> found, GenericSignatureProbe probe, string where, Action decode)
    {
        probe.Reset();
        decode();
        if (probe.Found is { } what)
        {
            found.Add(new PortabilityViolation("generic-in-signature", where, what));
        }
    }

    private static void CheckTypeReferences(MetadataReader md, List<PortabilityViolation> found)
    {
        foreach (var handle in md.TypeReferences)
        {
            var reference = md.GetTypeReference(handle);
            var ns = md.GetString(reference.Namespace);
            var banned = BannedNamespaces.FirstOrDefault(b => ns == b || ns.StartsWith(b + ".", StringComparison.Ordinal));
            if (banned is not null)
            {
                found.Add(new PortabilityViolation("banned-namespace", ns + "." + md.GetString(reference.Name), $"{banned} is not available on the device"));
            }
        }
    }

    private static void CheckAssemblyReferences(MetadataReader md, IEnumerable<string> allowedPrefixes, List<PortabilityViolation> found)
    {
        var allowed = allowedPrefixes.ToArray();
        foreach (var handle in md.AssemblyReferences)
        {
            var name = md.GetString(md.GetAssemblyReference(handle).Name);
            var ok = allowed.Any(p => p.EndsWith('.') ? name.StartsWith(p, StringComparison.Ordinal) : name == p);
            if (!ok)
            {
                found.Add(new PortabilityViolation("assembly-reference", name, "only mscorlib and Metering.* portable assemblies may be referenced"));
            }
        }
    }
}
