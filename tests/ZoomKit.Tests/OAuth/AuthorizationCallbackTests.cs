using ZoomKit.OAuth;

namespace ZoomKit.Tests.OAuth;

public sealed class AuthorizationCallbackTests
{
    [Fact]
    public void ReadCode_MatchingState_ReturnsCode()
    {
        Assert.Equal("abc", AuthorizationCallback.ReadCode(new Uri("http://localhost:3000/zoom?code=abc&state=s1"), "s1"));
    }

    [Fact]
    public void ReadCode_StateMismatch_ThrowsNamingState()
    {
        var error = Assert.Throws<ZoomOAuthException>(() => AuthorizationCallback.ReadCode(new Uri("http://localhost:3000/zoom?code=abc&state=evil"), "s1"));
        Assert.Contains("'state'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCode_NoState_Throws()
    {
        var error = Assert.Throws<ZoomOAuthException>(() => AuthorizationCallback.ReadCode(new Uri("http://localhost:3000/zoom?code=abc"), "s1"));
        Assert.Contains("no 'state'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCode_AccessDenied_ThrowsRejectedSayingTheUserDeclined()
    {
        var error = Assert.Throws<ZoomOAuthException>(() => AuthorizationCallback.ReadCode(new Uri("http://localhost:3000/zoom?error=access_denied&state=s1"), "s1"));
        Assert.Equal(("access_denied", OAuthErrorKind.Rejected), (error.Error.Error, error.Error.Kind));
        Assert.Contains("declined", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCode_NoCode_ThrowsProtocolViolation()
    {
        var error = Assert.Throws<ZoomOAuthException>(() => AuthorizationCallback.ReadCode(new Uri("http://localhost:3000/zoom?state=s1"), "s1"));
        Assert.Equal(OAuthErrorKind.ProtocolViolation, error.Error.Kind);
    }

    [Fact]
    public void ReadCode_EscapedValues_AreDecoded()
    {
        Assert.Equal("a/b+c", AuthorizationCallback.ReadCode(new Uri("http://localhost:3000/zoom?code=a%2Fb%2Bc&state=s%201"), "s 1"));
    }
}
