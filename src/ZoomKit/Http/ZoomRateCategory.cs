namespace ZoomKit.Http;

/// <summary>
/// Zoom's rate-limit categories, as its API reference labels each endpoint (<c>x-macro-rate-limit</c>
/// or "Rate Limit Label" in the OpenAPI documents). Each has its own per-second budget per account.
/// </summary>
public enum ZoomRateCategory
{
    /// <summary>Light: most reads of one thing and small writes.</summary>
    Light,
    /// <summary>Medium: lists and most other calls; the default for a call ZoomKit does not type.</summary>
    Medium,
    /// <summary>Heavy: reports, dashboards and other costly calls.</summary>
    Heavy,
}
