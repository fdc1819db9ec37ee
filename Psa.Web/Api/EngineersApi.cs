using System.Security.Claims;
using Psa.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Psa.Domain.Engineers;
using Psa.Web.Engineers;

namespace Psa.Web.Api;

public sealed record SkillDto(Guid Id, string Name, int Weight, string[] Aliases, DateOnly? ExpiresOn);

public sealed record TimeOffDto(Guid Id, DateOnly From, DateOnly To, string? Reason);

/// <summary>An engineer's profile; <see cref="CostRate"/> is null unless the caller may see it (their own, or <see cref="Permission.CostRatesRead"/>).</summary>
public sealed record EngineerDto(Guid Id, string Code, string Name, string? Title, string? Email, string? UserId, decimal? CostRate, decimal WeeklyCapacityHours,
    WorkingDays WorkingDays, bool IsActive, SkillDto[] Skills, TimeOffDto[] TimeOff)
{
    public static EngineerDto From(Engineer e, ClaimsPrincipal viewer) => new(e.Id, e.Code, e.Name, e.Title, e.Email, e.UserId,
        viewer.CanSeeCostRateOf(e.UserId) ? e.CostRate : null, e.WeeklyCapacityHours, e.WorkingDays, e.IsActive,
        e.Skills.Select(s => new SkillDto(s.Id, s.Name, s.Weight, s.Aliases.ToArray(), s.ExpiresOn)).ToArray(),
        e.TimeOff.Select(t => new TimeOffDto(t.Id, t.From, t.To, t.Reason)).ToArray());
}

public sealed record SkillInput(string Name, int Weight, string[]? Aliases, DateOnly? ExpiresOn);

public sealed record CostRateInput(decimal CostRate);

public sealed record TimeOffInput(DateOnly From, DateOnly To, string? Reason);

public static class EngineersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/engineers").WithTags("Engineers").AddEndpointFilter<DomainErrorFilter>();
        g.MapGet("/", async (EngineerService engineers, ClaimsPrincipal user) => TypedResults.Ok((await engineers.ListAsync()).Select(e => EngineerDto.From(e, user)).ToArray())).WithName("ListEngineers").RequirePermission(Permission.EngineersRead);
        g.MapGet("/{id:guid}", async Task<Results<Ok<EngineerDto>, NotFound>> (Guid id, EngineerService engineers, ClaimsPrincipal user) =>
            await engineers.GetAsync(id) is { } e ? TypedResults.Ok(EngineerDto.From(e, user)) : TypedResults.NotFound()).WithName("GetEngineer").RequirePermission(Permission.EngineersRead);
        g.MapPost("/", async (EngineerInput input, EngineerService engineers, ClaimsPrincipal user) =>
        {
            var id = await engineers.SaveAsync(null, input, user);
            return TypedResults.Created($"/api/v1/engineers/{id}", EngineerDto.From((await engineers.GetAsync(id))!, user));
        }).WithName("CreateEngineer").RequirePermission(Permission.EngineersManage);
        g.MapPut("/{id:guid}", async (Guid id, EngineerInput input, EngineerService engineers, ClaimsPrincipal user) =>
        {
            await engineers.SaveAsync(id, input, user);
            return TypedResults.Ok(EngineerDto.From((await engineers.GetAsync(id))!, user));
        }).WithName("UpdateEngineer").RequirePermission(Permission.EngineersManage);
        g.MapPut("/{id:guid}/cost-rate", async (Guid id, CostRateInput input, EngineerService engineers, ClaimsPrincipal user) =>
        {
            await engineers.SetCostRateAsync(id, input.CostRate, user);
            return TypedResults.Ok(EngineerDto.From((await engineers.GetAsync(id))!, user));
        }).WithName("SetEngineerCostRate").RequirePermission(Permission.RatesManage).WithSummary("Changes an engineer's cost rate (Owner, Admin, Billing).");
        g.MapPost("/{id:guid}/skills", async (Guid id, SkillInput input, EngineerService engineers, ClaimsPrincipal user) =>
        {
            await engineers.AddSkillAsync(id, input.Name, input.Weight, input.Aliases ?? [], input.ExpiresOn);
            return TypedResults.Ok(EngineerDto.From((await engineers.GetAsync(id))!, user));
        }).WithName("AddSkill").RequirePermission(Permission.EngineersManage).WithSummary("Adds a skill (weight 1–5, aliases, optional expiry) used by skills-based routing.");
        g.MapPost("/{id:guid}/time-off", async (Guid id, TimeOffInput input, EngineerService engineers, ClaimsPrincipal user) =>
        {
            await engineers.AddTimeOffAsync(id, input.From, input.To, input.Reason);
            return TypedResults.Ok(EngineerDto.From((await engineers.GetAsync(id))!, user));
        }).WithName("AddTimeOff").RequirePermission(Permission.EngineersManage);
    }
}
