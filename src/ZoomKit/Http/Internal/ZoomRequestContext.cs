namespace ZoomKit.Http.Internal;

/// <summary>
/// What the handlers of the pipeline need to know about one API request. <c>OwnBudget</c> is the
/// budget key of the connection alone, for a token that names no Zoom account.
/// </summary>
internal sealed record ZoomRequestContext(string ConnectionId, string Operation, string[] Scopes, ZoomRateCategory Category, bool IsMeetingWrite, string OwnBudget)
{
    public static readonly HttpRequestOptionsKey<ZoomRequestContext> Key = new("ZoomKit.Request");

    /// <summary>The budget key of a connection whose token names no Zoom account.</summary>
    public static string OwnBudgetOf(string connectionId) => "connection:" + connectionId;

    /// <summary>The Zoom account whose budgets the request spends, set by the auth handler once the connection's token is known.</summary>
    public string? Account { get; set; }
}
