using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ZoomKit.Storage.Sqlite;

// Opening the file: the files made owner-only before the first open, each connection's pragmas, the schema on first use.
public sealed partial class SqliteTokenStore
{
    private volatile bool _filesReady;

    /// <summary>
    /// Opens a connection to the file. Tokens are written durably (<c>synchronous = FULL</c>: on disk
    /// before the commit returns); leases are not (<paramref name="durable"/> false): a lease lost to
    /// a power cut went with every process that could hold it, and skipping the disk flush keeps
    /// lease traffic from queueing behind it.
    /// </summary>
    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken, bool durable = true)
    {
        EnsureFiles();
        var db = new SqliteConnection(_connectionString);
        try
        {
            await db.OpenAsync(cancellationToken);
            await using (var pragma = db.CreateCommand())
            {
                pragma.CommandText = $"PRAGMA busy_timeout = {_busyTimeoutMs.ToString(CultureInfo.InvariantCulture)}; PRAGMA synchronous = {(durable ? "FULL" : "OFF")}";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }
            if (!_schemaReady)
            {
                await EnsureSchemaAsync(db, cancellationToken);
            }
            return db;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Before the first open: a file or folder the store makes is its owner's only (0600, 0700), so
    /// that no other account on the machine can read even the encrypted tokens; SQLite gives the
    /// <c>-wal</c> and <c>-shm</c> files the mode of their database. Existing files are left as they are.
    /// </summary>
    private void EnsureFiles()
    {
        if (_filesReady || OperatingSystem.IsWindows())
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var file in new[] { _path, _path + ".attempts" })
        {
            try
            {
                using var created = new FileStream(file, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
            }
            catch (IOException) when (File.Exists(file))
            {
                // There already, or another process made it first.
            }
        }
        _filesReady = true;
    }
}
