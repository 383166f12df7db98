using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace ZoomKit.Tests.Packaging;

/// <summary>
/// What <c>dotnet pack ZoomKit.slnx</c> wrote (./test.sh packs into ZOOMKIT_TEST_PACKAGES before the
/// tests): every package a developer installs, each with its license, readme, icon, description,
/// repository and symbols whose PDBs map their sources (SourceLink), all of one version; the core on
/// Microsoft.Extensions.* only.
/// </summary>
public sealed class PackageTests
{
    private static readonly string[] Expected = ["ZoomKit", "ZoomKit.AspNetCore", "ZoomKit.Cli", "ZoomKit.Emulator", "ZoomKit.Storage.Postgres", "ZoomKit.Storage.Sqlite", "ZoomKit.Testing"];

    private static string Folder => Environment.GetEnvironmentVariable("ZOOMKIT_TEST_PACKAGES") is { Length: > 0 } folder
        ? folder
        : throw new InvalidOperationException("ZOOMKIT_TEST_PACKAGES is not set: run the tests with ./test.sh, which packs the solution first.");

    [Fact]
    public void EveryPackage_OneVersionWithSymbols()
    {
        var packages = Directory.GetFiles(Folder, "*.nupkg").Select(p => Nuspec(p)).ToList();

        Assert.Equal(Expected, packages.Select(p => p.Id).Order());
        Assert.Single(packages.Select(p => p.Version).Distinct());
        Assert.All(packages, p => Assert.True(File.Exists(Path.Combine(Folder, $"{p.Id}.{p.Version}.snupkg")), $"{p.Id} has no symbol package"));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Package_LicenseReadmeIconDescriptionRepositoryAndASourceLinkedPdbForEveryAssembly(string id)
    {
        var path = Directory.GetFiles(Folder, $"{id}.*.nupkg").Single(p => Nuspec(p).Id == id);
        var (_, version, metadata) = Nuspec(path);
        using var package = ZipFile.OpenRead(path);
        var files = package.Entries.Select(e => e.FullName).ToHashSet();

        Assert.Equal("MIT", metadata.Element(metadata.Name.Namespace + "license")?.Value);
        Assert.Contains("LICENSE", files);
        var readme = metadata.Element(metadata.Name.Namespace + "readme")?.Value;
        Assert.NotNull(readme);
        Assert.Contains(readme, files);
        var icon = metadata.Element(metadata.Name.Namespace + "icon")?.Value;
        Assert.NotNull(icon);
        Assert.Contains(icon, files);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(metadata.Name.Namespace + "description")?.Value));
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(metadata.Name.Namespace + "authors")?.Value));
        Assert.StartsWith("0.", version, StringComparison.Ordinal);
        var repository = metadata.Element(metadata.Name.Namespace + "repository");
        Assert.StartsWith("https://", repository?.Attribute("url")?.Value, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{40}$", repository?.Attribute("commit")?.Value ?? "");
        Assert.Equal(repository?.Attribute("url")?.Value, metadata.Element(metadata.Name.Namespace + "projectUrl")?.Value);

        using var symbols = ZipFile.OpenRead(Path.Combine(Folder, $"{id}.{version}.snupkg"));
        var own = package.Entries.Where(e => e.FullName.EndsWith($"/{id}.dll", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(own);
        foreach (var assembly in own)
        {
            var pdb = symbols.Entries.SingleOrDefault(e => e.FullName == Path.ChangeExtension(assembly.FullName, ".pdb"));
            Assert.True(pdb is not null, $"{id}: no PDB for {assembly.FullName} in the symbol package");
            Assert.True(PdbMatches(assembly, pdb), $"{id}: the PDB of {assembly.FullName} is not the assembly's");
            var sourceLink = SourceLink(pdb);
            Assert.True(sourceLink is not null, $"{id}: the PDB of {assembly.FullName} has no SourceLink map");
            Assert.Contains(repository!.Attribute("commit")!.Value, sourceLink, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Core_OnMicrosoftExtensionsOnly_NoAspNetCoreFramework()
    {
        var path = Directory.GetFiles(Folder, "ZoomKit.*.nupkg").Single(p => Nuspec(p).Id == "ZoomKit");
        var metadata = Nuspec(path).Metadata;
        var ns = metadata.Name.Namespace;

        Assert.Empty(metadata.Descendants(ns + "frameworkReference"));
        var dependencies = metadata.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToList();
        Assert.NotEmpty(dependencies);
        // Libraries of the plain .NET runtime's world: the retries are Polly's own core, the budgets the BCL's rate limiters.
        Assert.All(dependencies, d => Assert.True(d.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || d is "OpenTelemetry.Api" or "Polly.Core" or "System.Threading.RateLimiting", $"ZoomKit depends on {d}"));
    }

    [Fact]
    public void AspNetCore_TheOnlyWebPackagesNeedTheFramework()
    {
        var web = Directory.GetFiles(Folder, "*.nupkg").Select(Nuspec)
            .Where(p => p.Metadata.Descendants(p.Metadata.Name.Namespace + "frameworkReference").Any(f => f.Attribute("name")?.Value == "Microsoft.AspNetCore.App"))
            .Select(p => p.Id).Order();

        // The CLI serves the emulator (zoomkit emulator); the Postgres store reaches the framework only through ZoomKit.AspNetCore.
        Assert.Equal(["ZoomKit.AspNetCore", "ZoomKit.Cli", "ZoomKit.Emulator", "ZoomKit.Testing"], web);
    }

    public static TheoryData<string> Ids() => [.. Expected];

    /// <summary>The SourceLink JSON of a portable PDB, or null.</summary>
    private static string? SourceLink(ZipArchiveEntry pdbEntry)
    {
        var kind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
        using var pdbStream = Copy(pdbEntry);
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdbStream);
        var reader = provider.GetMetadataReader();
        foreach (var handle in reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition))
        {
            var information = reader.GetCustomDebugInformation(handle);
            if (reader.GetGuid(information.Kind) == kind)
            {
                return System.Text.Encoding.UTF8.GetString(reader.GetBlobBytes(information.Value));
            }
        }
        return null;
    }

    /// <summary>The assembly's debug directory names the PDB's id: the symbols are the ones of this very build.</summary>
    private static bool PdbMatches(ZipArchiveEntry assemblyEntry, ZipArchiveEntry pdbEntry)
    {
        using var assemblyStream = Copy(assemblyEntry);
        using var pe = new PEReader(assemblyStream);
        var codeView = pe.ReadDebugDirectory().Single(d => d.Type == DebugDirectoryEntryType.CodeView);
        var expected = pe.ReadCodeViewDebugDirectoryData(codeView).Guid;
        using var pdbStream = Copy(pdbEntry);
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdbStream);
        var id = provider.GetMetadataReader().DebugMetadataHeader!.Id;
        return new Guid(id.AsSpan(0, 16)) == expected;
    }

    private static MemoryStream Copy(ZipArchiveEntry entry)
    {
        var copy = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(copy);
        }
        copy.Position = 0;
        return copy;
    }

    private static (string Id, string Version, XElement Metadata) Nuspec(string path)
    {
        using var package = ZipFile.OpenRead(path);
        var entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using var stream = entry.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        return (metadata.Element(metadata.Name.Namespace + "id")!.Value, metadata.Element(metadata.Name.Namespace + "version")!.Value, metadata);
    }
}
