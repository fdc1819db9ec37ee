using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Psa.Infrastructure;

/// <summary>
/// SQLite cannot order or compare DateTimeOffset; store instants there as UTC ticks so queries
/// that sort by time work on both providers. SQL Server keeps its native type.
/// </summary>
internal static class DateTimeOffsetStorage
{
    private static readonly ValueConverter<DateTimeOffset, long> Ticks =
        new(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

    private static readonly ValueConverter<DateTimeOffset?, long?> NullableTicks =
        new(v => v.HasValue ? v.Value.UtcTicks : null, v => v.HasValue ? new DateTimeOffset(v.Value, TimeSpan.Zero) : null);

    public static void Apply(ModelBuilder modelBuilder, DatabaseFacade database)
    {
        if (!database.IsSqlite())
        {
            return;
        }

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                if (property.ClrType == typeof(DateTimeOffset))
                {
                    property.SetValueConverter(Ticks);
                }
                else if (property.ClrType == typeof(DateTimeOffset?))
                {
                    property.SetValueConverter(NullableTicks);
                }
            }
        }
    }
}
