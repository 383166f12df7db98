using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ZoomKit.Webhooks;

/// <summary>Maps a webhook endpoint that verifies each delivery, answers URL validation, and hands genuine events to the app.</summary>
public static class ZoomWebhookEndpoint
{
    /// <summary>The largest delivery read: Zoom's events are a few kilobytes; anything over this is refused with 413.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// Maps <c>POST {pattern}</c>. Refused deliveries get 401 and never reach <paramref name="handle"/>;
    /// accepted ones get 204 once it returns (keep it under Zoom's 3 seconds). With an
    /// <see cref="IWebhookDeliveryLog"/> in the app's services (<c>AddZoomKit</c> registers one), a
    /// delivery already handled, here or on another instance, is answered 204 without handling it
    /// again; one whose handling throws is forgotten, so that Zoom's retry is handled.
    /// </summary>
    public static IEndpointConventionBuilder MapZoomWebhooks(this IEndpointRouteBuilder routes, string pattern, ZoomWebhookVerifier verifier, Func<ZoomWebhookEvent, HttpContext, Task> handle)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(handle);
        // A RequestDelegate, not a lambda with parameters: nothing for the trimmer or AOT to guess.
        return routes.MapPost(pattern, async context => await (await HandleAsync(context, verifier, handle)).ExecuteAsync(context)).DisableAntiforgery();
    }

    private static async Task<IResult> HandleAsync(HttpContext context, ZoomWebhookVerifier verifier, Func<ZoomWebhookEvent, HttpContext, Task> handle)
    {
        var timestamp = context.Request.Headers[ZoomWebhookConstants.TimestampHeader].ToString();
        var signature = context.Request.Headers[ZoomWebhookConstants.SignatureHeader].ToString();
        // The headers decide first: an unsigned or stale delivery costs no body read.
        if (verifier.CheckHeaders(timestamp, signature) is not WebhookRejection.None and var early)
        {
            return Results.Json(new Dictionary<string, string> { ["error"] = early.ToString() }, WebhookEndpointJsonContext.Default.DictionaryStringString, statusCode: StatusCodes.Status401Unauthorized);
        }
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }
            buffer.Write(chunk, 0, read);
        }
        var result = verifier.Verify(timestamp, signature, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        if (!result.IsValid)
        {
            return Results.Json(new Dictionary<string, string> { ["error"] = result.Rejection.ToString() }, WebhookEndpointJsonContext.Default.DictionaryStringString, statusCode: StatusCodes.Status401Unauthorized);
        }
        var webhook = result.Event!;
        if (webhook.Event == ZoomWebhookConstants.UrlValidationEvent)
        {
            var plain = webhook.Payload.TryGetProperty("plainToken", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;
            return string.IsNullOrEmpty(plain)
                ? Results.BadRequest()
                : Results.Json(verifier.AnswerUrlValidation(plain), WebhookEndpointJsonContext.Default.UrlValidationResponse);
        }
        var log = context.RequestServices.GetService<IWebhookDeliveryLog>();
        var delivery = IWebhookDeliveryLog.DeliveryId(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        var time = context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        if (log is not null && !await log.TryRecordAsync(delivery, time.GetUtcNow() + IWebhookDeliveryLog.Retention, context.RequestAborted))
        {
            return Results.NoContent();
        }
        try
        {
            await handle(webhook, context);
        }
        catch when (log is not null)
        {
            await log.ForgetAsync(delivery, CancellationToken.None);
            throw;
        }
        return Results.NoContent();
    }
}

[JsonSerializable(typeof(UrlValidationResponse))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class WebhookEndpointJsonContext : JsonSerializerContext;
