using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZoomKit.OAuth.Internal;

internal sealed class TokenResponseBody
{
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
    [JsonPropertyName("token_type")] public string? TokenType { get; set; }
    [JsonPropertyName("refresh_token")] public string? RefreshToken { get; set; }
    [JsonPropertyName("expires_in")] public JsonElement ExpiresIn { get; set; }
    [JsonPropertyName("scope")] public string? Scope { get; set; }
    [JsonPropertyName("api_url")] public string? ApiUrl { get; set; }
}

// RFC 8628 §3.2.
internal sealed class DeviceCodeResponseBody
{
    [JsonPropertyName("device_code")] public string? DeviceCode { get; set; }
    [JsonPropertyName("user_code")] public string? UserCode { get; set; }
    [JsonPropertyName("verification_uri")] public string? VerificationUri { get; set; }
    [JsonPropertyName("verification_uri_complete")] public string? VerificationUriComplete { get; set; }
    [JsonPropertyName("expires_in")] public JsonElement ExpiresIn { get; set; }
    [JsonPropertyName("interval")] public JsonElement Interval { get; set; }
}

// Zoom's error body is {"reason":"…","error":"…"}; RFC 6749 §5.2's error_description is read too.
internal sealed class TokenErrorBody
{
    [JsonPropertyName("error")] public string? Error { get; set; }
    [JsonPropertyName("reason")] public string? Reason { get; set; }
    [JsonPropertyName("error_description")] public string? ErrorDescription { get; set; }
}

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(TokenResponseBody))]
[JsonSerializable(typeof(TokenErrorBody))]
[JsonSerializable(typeof(DeviceCodeResponseBody))]
internal sealed partial class TokenEndpointJsonContext : JsonSerializerContext;
