using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Psa.Infrastructure;

/// <summary>
/// PostgreSQL keeps our two kinds of time apart the way the code does: wall-clock <see cref="DateTime"/>s
/// (kind Unspecified, in the workspace's zone) in <c>timestamp without time zone</c>, and instants
/// (<see cref="DateTimeOffset"/>) in <c>timestamp with time zone</c>, which Npgsql only writes at offset 0.
/// Index filters name columns as written (<c>StoppedUtc IS NULL</c>); PostgreSQL folds unquoted names to
/// lower case, so they are quoted here; and a boolean compared with 1 or 0 (SQLite's and SQL Server's way,
/// <c>IsDefault = 1</c>) is compared with true or false, since PostgreSQL has no boolean = integer.
/// </summary>
internal static partial class PostgresStorage
{
    private static readonly ValueConverter<DateTime, DateTime> WallClock =
        new(v => DateTime.SpecifyKind(v, DateTimeKind.Unspecified), v => v);

    private static readonly ValueConverter<DateTime?, DateTime?> NullableWallClock =
        new(v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Unspecified) : null, v => v);

    private static readonly ValueConverter<DateTimeOffset, DateTimeOffset> Utc =
        new(v => v.ToUniversalTime(), v => v);

    private static readonly ValueConverter<DateTimeOffset?, DateTimeOffset?> NullableUtc =
        new(v => v.HasValue ? v.Value.ToUniversalTime() : null, v => v);

    public static void Apply(ModelBuilder modelBuilder, DatabaseFacade database)
    {
        if (!database.IsNpgsql())
        {
            return;
        }

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var index in entity.GetIndexes())
            {
                if (index.GetFilter() is { Length: > 0 } filter)
                {
                    var quoted = UnquotedName().Replace(filter, m =>
                        entity.FindProperty(m.Value) is { } p ? $"\"{p.GetColumnName()}\"" : m.Value);
                    index.SetFilter(BooleanComparison().Replace(quoted, m =>
                        entity.GetProperties().Any(p => p.GetColumnName() == m.Groups["column"].Value && p.ClrType == typeof(bool))
                            ? $"\"{m.Groups["column"].Value}\" {m.Groups["op"].Value} {(m.Groups["value"].Value == "1" ? "TRUE" : "FALSE")}"
                            : m.Value));
                }
            }

            foreach (var property in entity.GetProperties())
            {
                if (property.ClrType == typeof(DateTime) || property.ClrType == typeof(DateTime?))
                {
                    property.SetColumnType("timestamp without time zone");
                    property.SetValueConverter(property.ClrType == typeof(DateTime) ? WallClock : NullableWallClock);
                }
                else if (property.ClrType == typeof(DateTimeOffset))
                {
                    property.SetValueConverter(Utc);
                }
                else if (property.ClrType == typeof(DateTimeOffset?))
                {
                    property.SetValueConverter(NullableUtc);
                }
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("(?<![\"\\w])[A-Za-z_]\\w*(?![\"\\w])")]
    private static partial System.Text.RegularExpressions.Regex UnquotedName();

    [System.Text.RegularExpressions.GeneratedRegex("\"(?<column>\\w+)\"\\s*(?<op>=|<>|!=)\\s*(?<value>[01])(?!\\w)")]
    private static partial System.Text.RegularExpressions.Regex BooleanComparison();
}
