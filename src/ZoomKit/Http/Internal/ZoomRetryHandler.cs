using System.Net;
using Polly;
using Polly.Retry;

namespace ZoomKit.Http.Internal;

/// <summary>
/// The innermost handler: a deadline per attempt for every request (<see cref="ZoomApiOptions.AttemptTimeout"/>;
/// an attempt past it ends in <see cref="TimeoutException"/>), and retries with jittered exponential
/// backoff for GET and DELETE only (network errors, 5xx, 408, an attempt past its deadline). A POST
/// or PATCH that may have reached Zoom is never sent again; 429 belongs to the rate-limit handler.
/// The retries are one Polly pipeline built once. A retried GET or DELETE has no body, so the same
/// message is sent again, where <c>Microsoft.Extensions.Http.Resilience</c>'s handler, used before,
/// copied every request up front; the deadline is a linked token cancelled after the timeout, as
/// <see cref="HttpClient.Timeout"/> does it, where Polly's timeout strategy measured dearer per call.
/// </summary>
internal sealed class ZoomRetryHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> _retries;
    private readonly TimeSpan _attemptTimeout;

    public ZoomRetryHandler(ZoomApiOptions options, TimeProvider time)
    {
        _attemptTimeout = options.AttemptTimeout;
        _retries = options.MaxRetries <= 0
            ? ResiliencePipeline<HttpResponseMessage>.Empty
            : new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
                .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = options.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(200),
                    ShouldHandle = static args => ValueTask.FromResult(IsTransient(args.Outcome)),
                })
                .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Delete)
        {
            return await AttemptAsync(request, cancellationToken);
        }
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var outcome = await _retries.ExecuteOutcomeAsync(
                static async (context, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.Handler.AttemptAsync(state.Request, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext));
                    }
                    catch (Exception e) when (e is HttpRequestException or TimeoutException)
                    {
                        return Outcome.FromException<HttpResponseMessage>(e);
                    }
                },
                context,
                (Handler: this, Request: request));
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<HttpResponseMessage> AttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_attemptTimeout);
        try
        {
            return await base.SendAsync(request, deadline.Token);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Zoom did not answer within {_attemptTimeout.TotalSeconds:0.###} s (Zoom:AttemptTimeout).", e);
        }
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Result is { } response)
        {
            return (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout;
        }
        return outcome.Exception is HttpRequestException or TimeoutException;
    }
}
