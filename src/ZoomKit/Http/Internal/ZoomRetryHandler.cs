using System.Net;
using Polly;
using Polly.Retry;

namespace ZoomKit.Http.Internal;

/// <summary>
/// The innermost handler: a deadline per attempt for every request (<see cref="ZoomApiOptions.AttemptTimeout"/>;
/// an attempt past it ends in <see cref="TimeoutException"/>), and retries with jittered exponential
/// backoff for GET and DELETE only (network errors, 5xx, 408, an attempt past its deadline). A POST
/// or PATCH that may have reached Zoom is never sent again; 429 belongs to the rate-limit handler.
/// </summary>
/// <remarks>
/// The retries are a Polly pipeline, built the first time an attempt fails: the first attempt goes
/// out directly, and only a failure hands its outcome to the pipeline, which decides and paces the
/// retries from there exactly as if it had made that attempt itself. So a call that succeeds at once
/// (nearly all of them) costs no pipeline, and a one-shot process (the CLI) never builds one. A
/// retried GET or DELETE has no body, so the same message is sent again, where
/// <c>Microsoft.Extensions.Http.Resilience</c>'s handler, used before, copied every request up front;
/// the deadline is a token cancelled after the timeout, shared by the attempts that start in the same
/// tenth of a second (<see cref="AttemptDeadlines"/>), where Polly's timeout strategy and a timer per
/// attempt measured dearer per call.
/// </remarks>
internal sealed class ZoomRetryHandler(ZoomApiOptions options, TimeProvider time) : DelegatingHandler
{
    private readonly AttemptDeadlines _deadlines = new(options.AttemptTimeout);
    private ResiliencePipeline<HttpResponseMessage>? _retries;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (options.MaxRetries <= 0 || (request.Method != HttpMethod.Get && request.Method != HttpMethod.Delete))
        {
            return await AttemptAsync(request, cancellationToken);
        }
        var first = await TryAttemptAsync(request, cancellationToken);
        if (!IsTransient(first))
        {
            return first.Result!;
        }
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var state = new RetryState(this, request, first);
            var outcome = await Retries.ExecuteOutcomeAsync(
                static async (context, state) =>
                {
                    // The pipeline's own first attempt is the one already made.
                    if (state.First is { } made)
                    {
                        state.First = null;
                        return made;
                    }
                    return await state.Handler.TryAttemptAsync(state.Request, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
                },
                context,
                state);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ResiliencePipeline<HttpResponseMessage> Retries => LazyInitializer.EnsureInitialized(ref _retries, () =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                ShouldHandle = static args => ValueTask.FromResult(IsTransient(args.Outcome)),
            })
            .Build());

    private async Task<Outcome<HttpResponseMessage>> TryAttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return Outcome.FromResult(await AttemptAsync(request, cancellationToken));
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException)
        {
            return Outcome.FromException<HttpResponseMessage>(e);
        }
    }

    private async Task<HttpResponseMessage> AttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var deadline = _deadlines.Next();
        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline) : null;
        try
        {
            return await base.SendAsync(request, linked?.Token ?? deadline);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Zoom did not answer within {options.AttemptTimeout.TotalSeconds:0.###} s (Zoom:AttemptTimeout).", e);
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

    private sealed class RetryState(ZoomRetryHandler handler, HttpRequestMessage request, Outcome<HttpResponseMessage> first)
    {
        public ZoomRetryHandler Handler { get; } = handler;
        public HttpRequestMessage Request { get; } = request;
        public Outcome<HttpResponseMessage>? First { get; set; } = first;
    }
}
