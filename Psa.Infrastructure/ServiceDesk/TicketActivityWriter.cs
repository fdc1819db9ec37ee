using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Psa.Domain.ServiceDesk;
using Psa.Infrastructure.Tenancy;

namespace Psa.Infrastructure.ServiceDesk;

/// <summary>
/// Adds many activity lines at once (the SLA watcher after a backlog: tens of thousands). Server databases
/// take them through EF's batched inserts; on SQLite, which runs in-process, one prepared statement executed
/// per row inside the caller's transaction avoids EF's per-entity cost, which dominated a 20,000-ticket pass.
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

        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = $"INSERT INTO \"{table.Name}\" ({Column(nameof(TicketActivity.Id))}, {Column(nameof(TicketActivity.TicketId))}, {Column(nameof(TicketActivity.AtUtc))}, " +
                              $"{Column(nameof(TicketActivity.Actor))}, {Column(nameof(TicketActivity.Text))}) VALUES ($id, $ticket, $at, $actor, $text)";
        var (id, ticket, at, actor, text) = (Parameter("$id"), Parameter("$ticket"), Parameter("$at"), Parameter("$actor"), Parameter("$text"));
        await command.PrepareAsync(cancellationToken);
        foreach (var line in lines)
        {
            // The forms EF's SQLite mapping stores: GUIDs as upper-case text, instants as UTC ticks (DateTimeOffsetStorage).
            id.Value = line.Id.ToString().ToUpperInvariant();
            ticket.Value = line.TicketId.ToString().ToUpperInvariant();
            at.Value = line.AtUtc.UtcTicks;
            actor.Value = line.Actor;
            text.Value = line.Text;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        System.Data.Common.DbParameter Parameter(string name)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
            return parameter;
        }
    }
}
