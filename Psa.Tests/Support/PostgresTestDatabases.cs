using Npgsql;

namespace Psa.Tests.Support;

/// <summary>
/// The test hosts on PostgreSQL name their catalog and workspace databases with a prefix of their own;
/// this drops them all when the host goes, so a long run does not fill the disk. Shared with Psa.E2E.
/// </summary>
public static class PostgresTestDatabases
{
    public static void Drop(string server, string prefix)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection($"{server};Database=postgres;Pooling=false");
        connection.Open();
        var names = new List<string>();
        using (var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE @prefix", connection))
        {
            list.Parameters.AddWithValue("prefix", prefix + "\\_%");
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (var name in names)
        {
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
    }
}
