using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Settings;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.TimeTracking;

/// <summary>The workspace's holiday calendar (every minute on a holiday is weekend tier).</summary>
public sealed class HolidayService(TenantDbContextFactory databases)
{
    public async Task<IReadOnlyList<Holiday>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        return await db.Holidays.AsNoTracking().OrderBy(h => h.Date).ToListAsync(cancellationToken);
    }

    public async Task AddAsync(DateTime? date, string? name, CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        if (date is null)
        {
            errors.Add(new("Date", "Date is required."));
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new("Name", "Name is required."));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var day = DateOnly.FromDateTime(date!.Value);
        await using var db = databases.Create();
        if (await db.Holidays.AnyAsync(h => h.Date == day, cancellationToken))
        {
            throw new ValidationFailedException([new("Date", $"{day:yyyy-MM-dd} is already a holiday.")]);
        }

        try
        {
            db.Holidays.Add(Holiday.Create(day, name!));
        }
        catch (DomainException ex)
        {
            throw new ValidationFailedException([new(ex.Field ?? "Name", ex.Message)]);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RemoveAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        await db.Holidays.Where(h => h.Id == id).ExecuteDeleteAsync(cancellationToken);
    }
}
