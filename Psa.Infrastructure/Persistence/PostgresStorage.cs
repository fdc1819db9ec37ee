using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Psa.Infrastructure;

/// <summary>
/// PostgreSQL keeps our two kinds of time apart the way the code does: wall-clock <see cref="DateTime"/>s
/// (kind Unspecified, in the workspace's zone) in <c>timestamp without time zone</c>, and instants
/// (<see cref="DateTimeOffset"/>) in <c>timestamp with time zone</c>, which Npgsql only writes at offset 0.
/// Index filters name columns as written (<c>StoppedUtc IS NULL</c>); PostgreSQL folds unquoted names to
/// lower case, so they are quoted here.
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
                    index.SetFilter(UnquotedName().Replace(filter, m =>
                        entity.FindProperty(m.Value) is { } p ? $"\"{p.GetColumnName()}\"" : m.Value));
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
}
