using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Tests.Tokens;

public sealed class InMemoryTokenStoreTests : TokenStoreContractTests
{
    protected override Task<ITokenStore> CreateStoreAsync(TimeSpan lockTimeout) =>
        Task.FromResult<ITokenStore>(new InMemoryTokenStore(lockTimeout: lockTimeout));
}
