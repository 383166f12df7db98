using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ZoomKit.Tokens;

namespace ZoomKit.DependencyInjection;

/// <summary>Health checks for what ZoomKit depends on.</summary>
public static class ZoomKitHealthChecks
{
    /// <summary>The name of the token store's check.</summary>
    public const string TokenStore = "zoomkit-token-store";

    /// <summary>
    /// Adds a readiness check of the token store: a read of a connection nobody has, which reaches the
    /// database (SQLite file, PostgreSQL) without touching anyone's tokens. Unhealthy when the store
    /// fails; tagged <c>ready</c>.
    /// </summary>
    public static IHealthChecksBuilder AddZoomKitHealthChecks(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(TokenStore, sp => new TokenStoreHealthCheck(sp.GetRequiredService<ITokenStore>()), HealthStatus.Unhealthy, ["ready"]));
    }

    private sealed class TokenStoreHealthCheck(ITokenStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await store.GetAsync("zoomkit-health-probe", cancellationToken);
                return HealthCheckResult.Healthy("The token store answers.");
            }
            catch (ZoomTokenStoreException e)
            {
                // The store's message names the store and the problem, never a token.
                return new HealthCheckResult(context.Registration.FailureStatus, e.Message);
            }
        }
    }
}
