using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Psa.Domain.ServiceDesk;
using Psa.Infrastructure.Tenancy;

namespace Psa.Infrastructure.ServiceDesk;

/// <summary>
/// Adds many activity lines at once (the SLA watcher after a backlog: tens of thousands). Server databases
/// take them through EF's batched inserts; on SQLite, which runs in-process, one INSERT … SELECT over
/// a JSON array inside the caller's transaction avoids EF's per-entity and per-statement cost, which dominated a 20,000-ticket pass.
/// </summary>
public static class TicketActivityWriter
{
    public static async Task AddAsync(TenantDbContext db, IReadOnlyCollection<TicketActivity> lines, CancellationToken cancellationToken = default)
    {
        if (lines.Count == 0)
        {
            return;
        }

        if (!db.Database.IsSqlite())
        {
            db.TicketActivity.AddRange(lines);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var entity = db.Model.FindEntityType(typeof(TicketActivity))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => "\"" + entity.FindProperty(property)!.GetColumnName(table) + "\"";

        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        // One statement and one parameter however many lines: SQLite unpacks the rows from JSON itself.
        var rows = new System.Buffers.ArrayBufferWriter<byte>(lines.Count * 160);
        await using (var json = new System.Text.Json.Utf8JsonWriter(rows))
        {
            json.WriteStartArray();
            foreach (var line in lines)
            {
                // The forms EF's SQLite mapping stores: GUIDs as upper-case text, instants as UTC ticks (DateTimeOffsetStorage).
                json.WriteStartArray();
                json.WriteStringValue(line.Id.ToString().ToUpperInvariant());
                json.WriteStringValue(line.TicketId.ToString().ToUpperInvariant());
                json.WriteNumberValue(line.AtUtc.UtcTicks);
                json.WriteStringValue(line.Actor);
                json.WriteStringValue(line.Text);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText =
            $"INSERT INTO \"{table.Name}\" ({Column(nameof(TicketActivity.Id))}, {Column(nameof(TicketActivity.TicketId))}, {Column(nameof(TicketActivity.AtUtc))}, " +
            $"{Column(nameof(TicketActivity.Actor))}, {Column(nameof(TicketActivity.Text))}) " +
            "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]') FROM json_each($rows)";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$rows";
        parameter.Value = System.Text.Encoding.UTF8.GetString(rows.WrittenSpan);
        command.Parameters.Add(parameter);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
