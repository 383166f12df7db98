namespace ZoomKit.Http.Internal;

/// <summary>What the handlers of the pipeline need to know about one API request.</summary>
internal sealed record ZoomRequestContext(string ConnectionId, string Operation, string[] Scopes, ZoomRateCategory Category, bool IsMeetingWrite)
{
    public static readonly HttpRequestOptionsKey<ZoomRequestContext> Key = new("ZoomKit.Request");

    /// <summary>The Zoom account whose budgets the request spends, set by the auth handler once the connection's token is known.</summary>
    public static readonly HttpRequestOptionsKey<string> AccountKey = new("ZoomKit.Account");
}
