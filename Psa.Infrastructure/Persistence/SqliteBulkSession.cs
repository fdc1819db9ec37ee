using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Psa.Infrastructure.Persistence;

/// <summary>
/// Settings for one pass that touches tens of thousands of rows on SQLite: a page cache large enough to
/// hold the tables and indexes it changes (SQLite's 2 MB default made a 30,000-row insert into an indexed
/// table four times slower than with 32 MB), and commits that sync at checkpoints rather than on every
/// commit (WAL's "normal": a power cut may lose the last pass, never corrupt the file — only for work
/// that is redone when lost). The connection's previous settings come back on dispose, since
/// connections are pooled. Other providers: nothing to do.
/// </summary>
public sealed class SqliteBulkSession : IAsyncDisposable
{
    private readonly DbConnection? _connection;
    private readonly long _cacheSize;
    private readonly long _synchronous;

    private SqliteBulkSession(DbConnection? connection, long cacheSize, long synchronous) =>
        (_connection, _cacheSize, _synchronous) = (connection, cacheSize, synchronous);

    /// <summary>Opens the context's connection (kept open until the context is disposed) and applies the settings; call before any transaction.</summary>
    public static async Task<SqliteBulkSession> StartAsync(DbContext db, int cacheMegabytes = 32, bool relaxedSync = true, CancellationToken cancellationToken = default)
    {
        if (!db.Database.IsSqlite())
        {
            return new SqliteBulkSession(null, 0, 0);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var cacheSize = await ScalarAsync(connection, "PRAGMA cache_size", cancellationToken);
        var synchronous = await ScalarAsync(connection, "PRAGMA synchronous", cancellationToken);
        // Negative: a size in KiB rather than pages.
        await ExecuteAsync(connection, $"PRAGMA cache_size = {-cacheMegabytes * 1024L}", cancellationToken);
        if (relaxedSync)
        {
            await ExecuteAsync(connection, "PRAGMA synchronous = NORMAL", cancellationToken);
        }

        return new SqliteBulkSession(connection, cacheSize, synchronous);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not { State: System.Data.ConnectionState.Open })
        {
            return;
        }

        await ExecuteAsync(_connection, $"PRAGMA cache_size = {_cacheSize}", CancellationToken.None);
        await ExecuteAsync(_connection, $"PRAGMA synchronous = {_synchronous}", CancellationToken.None);
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
