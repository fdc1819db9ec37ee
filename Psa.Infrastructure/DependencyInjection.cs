using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Psa.Domain.Identity;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Email;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Scheduling;
using Psa.Infrastructure.Tenancy;

namespace Psa.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddPsaInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PsaOptions>(configuration.GetSection(PsaOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DatabaseLocator>();
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<TenantScopeFactory>();
        services.AddSingleton<LiveNotifier>();
        services.AddSingleton<LiveLinkStatus>();
        services.AddScoped<TenantContext>();
        services.AddScoped<TenantDbContextFactory>();
        // Identity's stores take the context from DI; it belongs to the scope's tenant like every other.
        services.AddScoped<TenantDbContext>(sp => sp.GetRequiredService<TenantDbContextFactory>().Create());
        services.AddScoped<EmailSender>();
        services.AddSingleton<TenantProvisioner>();
        services.AddSingleton<PlatformAdministration>();
        services.AddSingleton<PlatformAdmins>();
        services.AddSingleton<HandoffTokens>();
        services.AddSingleton<DatabaseMigrator>();

        services.AddIdentityCore<StaffUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = PasswordPolicy.MinimumLength;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireDigit = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<TenantDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddScoped<IPasswordValidator<StaffUser>, PolicyPasswordValidator>();
        // The reset page and email promise 3 hours; the framework's default is a day.
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = PasswordPolicy.ResetLinkLifetime);

        services.AddSharedDataProtectionKeys();
        services.AddPsaScheduling(configuration);
        services.AddQuartz(CatalogHousekeepingJob.Schedule);
        return services;
    }
}

/// <summary>Applies <see cref="PasswordPolicy"/> to staff passwords.</summary>
internal sealed class PolicyPasswordValidator : IPasswordValidator<StaffUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<StaffUser> manager, StaffUser user, string? password) =>
        Task.FromResult(PasswordPolicy.Problem(password) is { } problem
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordPolicy", Description = problem })
            : IdentityResult.Success);
}
