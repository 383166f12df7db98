using System.Diagnostics;

namespace ZoomKit.Storage.Sqlite;

/// <summary>
/// Who holds a refresh lease, so that a waiter can tell a dead holder from a slow one without
/// waiting for the lease to run out. Only where the answer is certain: on Linux, a holder in the
/// same boot and the same PID namespace as the waiter whose process id no longer exists. Anywhere
/// else (another container's namespace, another OS) the lease simply runs out.
/// </summary>
internal static class LeaseHolder
{
    /// <summary>This process's boot and PID namespace, or null where they cannot be known.</summary>
    public static string? Scope { get; } = ReadScope();

    /// <summary>Whether the holder's process is certainly gone.</summary>
    public static bool IsGone(long processId, string? scope)
    {
        if (Scope is null || scope != Scope || processId == Environment.ProcessId)
        {
            return false;
        }
        try
        {
            using var process = Process.GetProcessById((int)processId);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            // No process with that id in this namespace: the holder died.
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static string? ReadScope()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        try
        {
            var boot = File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
            var pidNamespace = new FileInfo("/proc/self/ns/pid").LinkTarget;
            return string.IsNullOrEmpty(boot) || string.IsNullOrEmpty(pidNamespace) ? null : $"{boot}/{pidNamespace}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
