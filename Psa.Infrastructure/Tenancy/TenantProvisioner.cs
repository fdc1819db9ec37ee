using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Psa.Domain;
using Psa.Domain.Identity;
using Psa.Domain.Settings;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Settings;

namespace Psa.Infrastructure.Tenancy;

public sealed record ProvisionRequest(
    string CompanyName,
    string Slug,
    string OwnerName,
    string OwnerEmail,
    string OwnerPassword,
    string TimeZone,
    string Currency);

public sealed record ProvisionResult(TenantInfo Tenant, string OwnerUserId);

/// <summary>Lets a test break provisioning between two steps, to prove nothing is left behind.</summary>
public interface IProvisioningStepObserver
{
    Task StepCompletedAsync(string step);
}

/// <summary>
/// Creates a workspace: catalog row, database, migrations, defaults and owner. All or nothing: a
/// failure at any step removes the database and the catalog row.
/// </summary>
public sealed class TenantProvisioner(
    DatabaseLocator locator,
    TenantScopeFactory scopes,
    TenantDirectory directory,
    TimeProvider time,
    IEnumerable<IProvisioningStepObserver> observers,
    ILogger<TenantProvisioner> logger)
{
    public async Task<string?> SlugProblemAsync(string? slugText, CancellationToken cancellationToken = default)
    {
        if (!TenantSlug.TryParse(slugText, out var slug, out var problem))
        {
            return problem;
        }

        await using var catalog = locator.CreateCatalog();
        return await catalog.Tenants.AnyAsync(t => t.Slug == slug.Value, cancellationToken)
            ? $"Workspace address '{slug.Value}' is already taken."
            : null;
    }

    public static IReadOnlyList<FieldError> Validate(ProvisionRequest request, out TenantSlug? slug)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(request.CompanyName) || request.CompanyName.Trim().Length > 200)
        {
            errors.Add(new("Company name", "Company name is required (at most 200 characters)."));
        }

        if (!TenantSlug.TryParse(request.Slug, out slug, out var slugProblem))
        {
            errors.Add(new("Workspace address", slugProblem));
        }

        if (string.IsNullOrWhiteSpace(request.OwnerName))
        {
            errors.Add(new("Your name", "Your name is required."));
        }

        if (!IsEmail(request.OwnerEmail))
        {
            errors.Add(new("Email", "Email must be a valid email address."));
        }

        if (PasswordPolicy.Problem(request.OwnerPassword) is { } passwordProblem)
        {
            errors.Add(new("Password", passwordProblem));
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(request.TimeZone ?? string.Empty, out _))
        {
            errors.Add(new("Time zone", $"Time zone '{request.TimeZone}' is not known."));
        }

        if (string.IsNullOrEmpty(request.Currency) || !WorkspaceDefaults.Currencies.Contains(request.Currency))
        {
            errors.Add(new("Currency", $"Currency must be one of {string.Join(", ", WorkspaceDefaults.Currencies)}."));
        }

        return errors;
    }

    public static bool IsEmail(string? text) =>
        !string.IsNullOrWhiteSpace(text) && MailAddress.TryCreate(text.Trim(), out var address) && address.Address == text.Trim()
        && address.Host.Contains('.', StringComparison.Ordinal);

    public async Task<ProvisionResult> ProvisionAsync(ProvisionRequest request, CancellationToken cancellationToken = default)
    {
        var errors = Validate(request, out var slug);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var tenant = new TenantInfo(slug!, request.CompanyName.Trim(), TenantStatus.Active, request.TimeZone, request.Currency);
        await using (var catalog = locator.CreateCatalog())
        {
            if (await catalog.Tenants.AnyAsync(t => t.Slug == slug!.Value, cancellationToken))
            {
                throw new ValidationFailedException([new("Workspace address", $"Workspace address '{slug!.Value}' is already taken.")]);
            }

            // The row is claimed first (unique slug) so two sign-ups cannot build the same database.
            catalog.Tenants.Add(new Tenant
            {
                Slug = slug!.Value,
                Name = tenant.Name,
                Status = TenantStatus.Provisioning,
                CreatedUtc = time.GetUtcNow(),
                TimeZone = tenant.TimeZone,
                Currency = tenant.Currency,
            });
            try
            {
                await catalog.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                throw new ValidationFailedException([new("Workspace address", $"Workspace address '{slug.Value}' is already taken.")]);
            }
        }

        try
        {
            string ownerId;
            await using (var scope = scopes.Open(tenant))
            {
                await using (var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create())
                {
                    await MigrateAsync(db, cancellationToken);
                    await StepAsync("database migrated");
                    await SeedDefaultsAsync(db, request, cancellationToken);
                    await StepAsync("defaults seeded");
                }

                ownerId = await CreateUserAsync(scope.ServiceProvider, request.OwnerName, request.OwnerEmail, request.OwnerPassword, StaffRoles.Owner);
                await StepAsync("owner created");
            }

            await using (var catalog = locator.CreateCatalog())
            {
                var row = await catalog.Tenants.SingleAsync(t => t.Slug == slug!.Value, cancellationToken);
                row.Status = TenantStatus.Active;
                row.LastActivityUtc = time.GetUtcNow();
                await catalog.SaveChangesAsync(cancellationToken);
            }

            directory.Invalidate(slug!.Value);
            logger.LogInformation("Provisioned workspace {Slug}", slug.Value);
            return new ProvisionResult(tenant, ownerId);
        }
        catch
        {
            await UndoAsync(slug!);
            throw;
        }
    }

    /// <summary>Applies migrations; on SQLite also switches the file to write-ahead logging.</summary>
    public static async Task MigrateAsync(TenantDbContext db, CancellationToken cancellationToken = default)
    {
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>Staff who deliver work (engineers, project managers, owners) get an engineer profile with their account.</summary>
    /// <summary>
    /// The engineer row for a staff user (not yet added): its code is the user's e-mail name, lower case
    /// (<c>tom</c>), then <c>tom-2</c>, <c>tom-3</c> when taken. The one rule for it, wherever the row is made.
    /// </summary>
    public static async Task<Psa.Domain.Engineers.Engineer> NewEngineerForAsync(TenantDbContext db, StaffUser user, CancellationToken cancellationToken)
    {
        var stem = new string((user.Email ?? user.DisplayName ?? user.Id).Split('@')[0].ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c == '-').ToArray());
        stem = stem.Length == 0 ? "engineer" : stem[..Math.Min(stem.Length, 30)];
        var code = stem;
        for (var n = 2; await db.Engineers.AnyAsync(e => e.Code == code, cancellationToken); n++)
        {
            code = $"{stem}-{n}";
        }

        return Psa.Domain.Engineers.Engineer.Create(code, string.IsNullOrWhiteSpace(user.DisplayName) ? code : user.DisplayName, 0m, user.Id);
    }

    public static async Task EnsureEngineerAsync(TenantDbContext db, StaffUser user, string role)
    {
        if (role is not (StaffRoles.Engineer or StaffRoles.ProjectManager or StaffRoles.Owner)
            || await db.Engineers.AnyAsync(e => e.UserId == user.Id))
        {
            return;
        }

        var engineer = await NewEngineerForAsync(db, user, CancellationToken.None);
        engineer.Email = user.Email;
        engineer.Title = role;
        db.Engineers.Add(engineer);
        await db.SaveChangesAsync();
    }

    /// <summary>Creates a staff account in the scope's workspace and returns its id.</summary>
    public static async Task<string> CreateUserAsync(IServiceProvider scoped, string name, string email, string password, string role)
    {
        var users = scoped.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser
        {
            UserName = email.Trim(),
            Email = email.Trim(),
            EmailConfirmed = true,
            DisplayName = name.Trim(),
            CreatedUtc = scoped.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            throw new ValidationFailedException(created.Errors.Select(e => new FieldError(
                e.Code.Contains("Password", StringComparison.Ordinal) ? "Password" : "Email", e.Description)).ToList());
        }

        var roles = scoped.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(role))
        {
            await roles.CreateAsync(new IdentityRole(role));
        }

        await users.AddToRoleAsync(user, role);
        await EnsureEngineerAsync(scoped.GetRequiredService<TenantDbContext>(), user, role);
        return user.Id;
    }

    private static async Task SeedDefaultsAsync(TenantDbContext db, ProvisionRequest request, CancellationToken cancellationToken)
    {
        var tax = new TaxRate { Name = WorkspaceDefaults.DefaultTaxName, Rate = WorkspaceDefaults.DefaultTaxRate };
        var gl = new GlAccount { Code = WorkspaceDefaults.DefaultGlAccount, Name = WorkspaceDefaults.DefaultGlAccountName };
        db.TaxRates.Add(tax);
        db.GlAccounts.Add(gl);
        db.WorkTypes.AddRange(WorkspaceDefaults.WorkTypes.Select(w => new WorkType { Code = w.Code, Name = w.Name, Taxable = w.Taxable }));
        db.Settings.Add(new TenantSettings
        {
            CompanyName = request.CompanyName.Trim(),
            TimeZone = request.TimeZone,
            Currency = request.Currency,
            BusinessDays = string.Join(',', WorkspaceDefaults.BusinessDays.Select(d => d == DayOfWeek.Sunday ? 7 : (int)d)),
            BusinessStart = WorkspaceDefaults.BusinessStart,
            BusinessEnd = WorkspaceDefaults.BusinessEnd,
            NormalMultiplier = WorkspaceDefaults.NormalMultiplier,
            AfterHoursMultiplier = WorkspaceDefaults.AfterHoursMultiplier,
            WeekendMultiplier = WorkspaceDefaults.WeekendMultiplier,
            DefaultHourlyRate = WorkspaceDefaults.DefaultHourlyRate,
            TimeIncrementMinutes = WorkspaceDefaults.TimeIncrementMinutes,
            DefaultTaxRateId = tax.Id,
            DefaultGlAccountId = gl.Id,
        });
        foreach (var role in StaffRoles.All)
        {
            db.Roles.Add(new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task StepAsync(string step)
    {
        foreach (var observer in observers)
        {
            await observer.StepCompletedAsync(step);
        }
    }

    private async Task UndoAsync(TenantSlug slug)
    {
        try
        {
            await locator.DropTenantAsync(slug);
        }
        finally
        {
            await using var catalog = locator.CreateCatalog();
            var row = await catalog.Tenants.SingleOrDefaultAsync(t => t.Slug == slug.Value);
            if (row is not null)
            {
                catalog.Tenants.Remove(row);
                await catalog.SaveChangesAsync();
            }

            directory.Invalidate(slug.Value);
        }
    }
}
