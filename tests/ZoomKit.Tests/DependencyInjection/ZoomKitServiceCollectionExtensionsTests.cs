using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ZoomKit.DependencyInjection;
using ZoomKit.Tokens;

namespace ZoomKit.Tests.DependencyInjection;

public sealed class ZoomKitServiceCollectionExtensionsTests
{
    [Fact]
    public void AddZoomKit_ValidOptions_ResolvesTokenManagerOnInMemoryStore()
    {
        using var provider = new ServiceCollection()
            .AddZoomKit(o => { o.ClientId = "id"; o.ClientSecret = "secret"; o.RedirectUri = new Uri("http://localhost:3000/zoom"); })
            .Services.BuildServiceProvider();

        Assert.IsType<InMemoryTokenStore>(provider.GetRequiredService<ITokenStore>());
        Assert.Same(provider.GetRequiredService<ZoomTokenManager>(), provider.GetRequiredService<ZoomTokenManager>());
    }

    [Fact]
    public void AddZoomKit_MissingSecret_FailsValidationNamingTheSetting()
    {
        using var provider = new ServiceCollection().AddZoomKit(o => o.ClientId = "id").Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ZoomKit.OAuth.ZoomOAuthOptions>>().Value);
        Assert.Contains("Zoom:ClientSecret is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseTokenStore_Custom_ReplacesDefault()
    {
        var store = new InMemoryTokenStore();
        using var provider = new ServiceCollection()
            .AddZoomKit(o => { o.ClientId = "id"; o.ClientSecret = "secret"; })
            .UseTokenStore(_ => store)
            .Services.BuildServiceProvider();

        Assert.Same(store, provider.GetRequiredService<ITokenStore>());
    }
}

public sealed class ZoomApiOptionsValidatorTests
{
    [Fact]
    public void AddZoomKit_BadApiAndTokenSettings_FailValidationNamingEach()
    {
        var services = new ServiceCollection();
        services.AddZoomKit(o => { o.ClientId = "id"; o.ClientSecret = "secret"; });
        services.Configure<ZoomKit.Http.ZoomApiOptions>(o => { o.Plan = "Gold"; o.DailyMeetingWritesPerUser = 0; o.ApiBaseUrl = new Uri("/v2", UriKind.Relative); });
        services.Configure<ZoomTokenManagerOptions>(o => o.RefreshAhead = TimeSpan.FromHours(2));
        using var provider = services.BuildServiceProvider();

        var api = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ZoomKit.Http.ZoomApiOptions>>().Value);
        var tokens = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ZoomTokenManagerOptions>>().Value);

        Assert.Contains(api.Failures, f => f.StartsWith("Zoom:Plan", StringComparison.Ordinal));
        Assert.Contains(api.Failures, f => f.StartsWith("Zoom:DailyMeetingWritesPerUser", StringComparison.Ordinal));
        Assert.Contains(api.Failures, f => f.StartsWith("Zoom:ApiBaseUrl", StringComparison.Ordinal));
        Assert.Contains(tokens.Failures, f => f.StartsWith("Zoom:RefreshAhead", StringComparison.Ordinal));
    }
}
