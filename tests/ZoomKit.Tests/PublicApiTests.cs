using PublicApiGenerator;

namespace ZoomKit.Tests;

/// <summary>
/// The public surface of the ZoomKit and ZoomKit.AspNetCore packages, kept in <c>PublicApi.approved.txt</c>
/// and <c>PublicApi.AspNetCore.approved.txt</c>. A change to it
/// is deliberate: run with ZOOMKIT_ACCEPT_API=1 to write the new surface, and review the diff.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_ZoomKit_MatchesApprovedSnapshot() =>
        MatchesSnapshot(typeof(ZoomKit.Tokens.ZoomTokenManager).Assembly, "PublicApi.approved.txt");

    [Fact]
    public void PublicApi_ZoomKitAspNetCore_MatchesApprovedSnapshot() =>
        MatchesSnapshot(typeof(ZoomKit.AspNetCore.Authentication.ZoomAuthenticationOptions).Assembly, "PublicApi.AspNetCore.approved.txt");

    private static void MatchesSnapshot(System.Reflection.Assembly assembly, string snapshot)
    {
        var actual = assembly.GeneratePublicApi(new ApiGeneratorOptions { ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"] });
        var path = Path.Combine(SourceFolder(), snapshot);
        if (Environment.GetEnvironmentVariable("ZOOMKIT_ACCEPT_API") == "1")
        {
            File.WriteAllText(path, actual);
        }
        Assert.True(File.Exists(path), $"No approved public API at {path}; run once with ZOOMKIT_ACCEPT_API=1.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings(), actual.ReplaceLineEndings());
    }

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
