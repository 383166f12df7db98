using System.Text;
using ZoomKit.Emulator.Internal;

namespace ZoomKit.Emulator.Admin;

/// <summary>One injected fault: the next <see cref="Times"/> requests matching method and path meet it.</summary>
internal sealed class Fault
{
    public string Method { get; init; } = "";
    public string Path { get; init; } = "";
    public string Kind { get; init; } = "";
    public int Status { get; init; } = 500;
    /// <summary>Zoom's error code in the body of a <c>status</c> fault; default the status itself (124 makes a 401 say "invalid token").</summary>
    public int? Code { get; init; }
    public int DelayMs { get; init; }
    public int Times { get; set; } = 1;

    /// <summary>A path ending in <c>*</c> matches every path with that prefix.</summary>
    public bool Matches(HttpRequest request) =>
        (Method.Length == 0 || Method == "*" || string.Equals(Method, request.Method, StringComparison.OrdinalIgnoreCase))
        && (Path.EndsWith('*') ? request.Path.Value!.StartsWith(Path[..^1], StringComparison.Ordinal) : request.Path == Path);
}

/// <summary>The faults waiting for requests, and the middleware that applies them.</summary>
internal sealed class FaultInjector(EmulatorState state)
{
    public static readonly string[] Kinds = ["status", "delay", "drop_response", "reset", "malformed"];

    private readonly List<Fault> _faults = [];
    private readonly Lock _gate = new();

    public void Add(Fault fault)
    {
        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    private Fault? Take(HttpRequest request)
    {
        lock (_gate)
        {
            var fault = _faults.FirstOrDefault(f => f.Times > 0 && f.Matches(request));
            if (fault is not null && --fault.Times == 0)
            {
                _faults.Remove(fault);
            }
            if (fault is not null)
            {
                // Counted when the request arrives, before the fault acts: a test can wait for a delayed request to be in flight.
                state.Stats.Increment("faults_applied");
            }
            return fault;
        }
    }

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (context.Request.Path.StartsWithSegments("/_emulator"))
        {
            await next();
            return;
        }
        var fault = Take(context.Request);
        switch (fault?.Kind)
        {
            case null:
                await next();
                return;
            case "status":
                context.Response.StatusCode = fault.Status;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync($$"""{"code":{{fault.Code ?? fault.Status}},"message":"Injected fault: HTTP {{fault.Status}}."}""");
                return;
            case "delay":
                // The whole request is read first and the wait is not cancelled when the client goes
                // away: like Zoom, the emulator finishes what it received, even for nobody.
                context.Request.EnableBuffering();
                await context.Request.Body.CopyToAsync(Stream.Null);
                context.Request.Body.Position = 0;
                await Task.Delay(fault.DelayMs);
                await next();
                return;
            case "reset":
                context.Abort();
                return;
            case "drop_response":
            case "malformed":
                // The request is processed in full (state changes), then the answer is lost or mangled.
                var original = context.Response.Body;
                await using (var buffer = new MemoryStream())
                {
                    context.Response.Body = buffer;
                    await next();
                    context.Response.Body = original;
                }
                if (fault.Kind == "drop_response")
                {
                    context.Abort();
                    return;
                }
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = null;
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("{\"id\": 8123, \"topic\": \"unterminated"));
                return;
        }
    }
}
