using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ZoomKit.Webhooks;

/// <summary>Maps a webhook endpoint that verifies each delivery, answers URL validation, and hands genuine events to the app.</summary>
public static class ZoomWebhookEndpoint
{
    /// <summary>
    /// Maps <c>POST {pattern}</c>. Refused deliveries get 401 and never reach <paramref name="handle"/>;
    /// accepted ones get 204 once it returns (keep it under Zoom's 3 seconds).
    /// </summary>
    public static IEndpointConventionBuilder MapZoomWebhooks(this IEndpointRouteBuilder routes, string pattern, ZoomWebhookVerifier verifier, Func<ZoomWebhookEvent, HttpContext, Task> handle)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(handle);
        return routes.MapPost(pattern, async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var result = verifier.Verify(
                context.Request.Headers[ZoomWebhookConstants.TimestampHeader].ToString(),
                context.Request.Headers[ZoomWebhookConstants.SignatureHeader].ToString(),
                buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            if (!result.IsValid)
            {
                return Results.Json(new Dictionary<string, string> { ["error"] = result.Rejection.ToString() }, statusCode: StatusCodes.Status401Unauthorized);
            }
            var webhook = result.Event!;
            if (webhook.Event == ZoomWebhookConstants.UrlValidationEvent)
            {
                var plain = webhook.Payload.TryGetProperty("plainToken", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;
                return string.IsNullOrEmpty(plain)
                    ? Results.BadRequest()
                    : Results.Json(verifier.AnswerUrlValidation(plain), WebhookJsonContext.Default.UrlValidationResponse);
            }
            await handle(webhook, context);
            return Results.NoContent();
        }).DisableAntiforgery();
    }
}
