using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Tests.Tokens;

public sealed class InMemoryTokenStoreTests : TokenStoreContractTests
{
    protected override Task<ITokenStore> CreateStoreAsync(TimeSpan lockTimeout) =>
        Task.FromResult<ITokenStore>(new InMemoryTokenStore(lockTimeout: lockTimeout));
}

public sealed class AesGcmTokenProtectorTests
{
    [Fact]
    public void ProtectUnprotect_ManyThreadsOnOneProtector_EveryValueRoundTrips()
    {
        using var protector = new AesGcmTokenProtector(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        Parallel.For(0, 200_000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            var value = $"token-{i}";
            Assert.Equal(value, protector.Unprotect(protector.Protect(value, $"ctx-{i % 7}"), $"ctx-{i % 7}"));
        });
    }

    [Fact]
    public void Unprotect_OtherContext_RefusedAsAltered()
    {
        using var protector = new AesGcmTokenProtector(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var sealedValue = protector.Protect("secret", "the access token of connection 'a'");

        var error = Assert.Throws<ZoomTokenStoreException>(() => protector.Unprotect(sealedValue, "the access token of connection 'b'"));
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }
}

public sealed class InMemoryWebhookDeliveryLogTests : WebhookDeliveryLogContractTests
{
    protected override Task<(ZoomKit.Webhooks.IWebhookDeliveryLog First, ZoomKit.Webhooks.IWebhookDeliveryLog Second)> CreateLogsAsync(TimeProvider time)
    {
        // One process: both "instances" are the one log.
        var log = new ZoomKit.Webhooks.InMemoryWebhookDeliveryLog(time);
        return Task.FromResult<(ZoomKit.Webhooks.IWebhookDeliveryLog, ZoomKit.Webhooks.IWebhookDeliveryLog)>((log, log));
    }
}
