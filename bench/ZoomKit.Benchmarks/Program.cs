using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

if (args is ["list-memory", ..])
{
    var counts = args.Length > 1 ? args[1..].Select(int.Parse).ToArray() : [10_000, 100_000];
    await ZoomKit.Benchmarks.ListMemory.RunAsync(counts);
    return;
}

if (args is ["refresh-storm", ..])
{
    await ZoomKit.Benchmarks.RefreshStorm.RunAsync(args.Length > 1 ? args[1] : null);
    return;
}

if (args is ["sqlite-processes", ..])
{
    await ZoomKit.Benchmarks.SqliteProcesses.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0);
    return;
}

if (args is ["sqlite-processes-child", var database, var oauthBase, var users, var callers, var index])
{
    await ZoomKit.Benchmarks.SqliteProcesses.ChildAsync(database, oauthBase, int.Parse(users, System.Globalization.CultureInfo.InvariantCulture), int.Parse(callers, System.Globalization.CultureInfo.InvariantCulture), int.Parse(index, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

if (args is ["sqlite-refresh-cost", ..])
{
    await ZoomKit.Benchmarks.SqliteRefreshCost.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000);
    return;
}

if (args is ["page-views", ..])
{
    await ZoomKit.Benchmarks.PageViews.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30);
    return;
}

if (args is ["client-cpu", ..])
{
    await ZoomKit.Benchmarks.ClientCpu.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 15);
    return;
}

if (args is ["client-cpu-processes", ..])
{
    await ZoomKit.Benchmarks.ClientCpuProcesses.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5000, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 11);
    return;
}

if (args is ["client-cpu-child", var cpuEmulator, var cpuCall, var cpuCalls])
{
    await ZoomKit.Benchmarks.ClientCpuProcesses.ChildAsync(new Uri(cpuEmulator), int.Parse(cpuCall, System.Globalization.CultureInfo.InvariantCulture), int.Parse(cpuCalls, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

if (args is ["app-load", ..])
{
    await ZoomKit.Benchmarks.AppLoad.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 60);
    return;
}

// In-process: no generated project to restore, so the benchmarks run on a machine without a network.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(ZoomKit.Benchmarks.FreshTokenBenchmarks).Assembly).Run(args, config);
