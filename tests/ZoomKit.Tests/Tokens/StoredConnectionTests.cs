using ZoomKit.Tokens;

namespace ZoomKit.Tests.Tokens;

public sealed class StoredConnectionTests
{
    private static readonly AesGcmTokenProtector Protector = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static ZoomConnection Full() => new()
    {
        Id = "user-1",
        Kind = ConnectionKind.User,
        AccountId = "acct",
        ZoomUserId = "zu",
        ApiUrl = new Uri("https://api-eu.zoom.us/"),
        ConnectedAt = DateTimeOffset.UnixEpoch,
        AccessToken = "access-secret",
        RefreshToken = "refresh-secret",
        AccessTokenExpiresAt = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Scopes = ["meeting:read", "user:read"],
        Version = 7,
        Reauthorization = new Reauthorization(ReauthorizationReason.RefreshResponseLost, "lost", DateTimeOffset.UnixEpoch),
        RefreshOutcomeUnknownSince = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void SealThenOpen_EveryFieldBack_TokensNeverInTheClear()
    {
        var sealedRow = StoredConnection.Seal(Full(), Protector);

        var opened = sealedRow.Open(Protector);

        Assert.Equal(Full() with { Scopes = opened.Scopes }, opened);
        Assert.Equal(Full().Scopes, opened.Scopes);
        Assert.Equal(-1, sealedRow.AccessToken.AsSpan().IndexOf("access-secret"u8));
        Assert.Equal(-1, sealedRow.RefreshToken.AsSpan().IndexOf("refresh-secret"u8));
    }

    [Fact]
    public void Open_TokenSealedForAnotherConnection_Refused()
    {
        var mine = StoredConnection.Seal(Full(), Protector);
        var theirs = StoredConnection.Seal(Full() with { Id = "user-2" }, Protector);

        Assert.Throws<ZoomTokenStoreException>(() => (mine with { AccessToken = theirs.AccessToken }).Open(Protector));
    }
}
