using Microsoft.AspNetCore.Http.HttpResults;
using Psa.Domain.Engineers;
using Psa.Web.Engineers;

namespace Psa.Web.Api;

public sealed record SkillDto(Guid Id, string Name, int Weight, string[] Aliases, DateOnly? ExpiresOn);

public sealed record TimeOffDto(Guid Id, DateOnly From, DateOnly To, string? Reason);

public sealed record EngineerDto(Guid Id, string Code, string Name, string? Title, string? Email, string? UserId, decimal CostRate, decimal WeeklyCapacityHours,
    WorkingDays WorkingDays, bool IsActive, SkillDto[] Skills, TimeOffDto[] TimeOff)
{
    public static EngineerDto From(Engineer e) => new(e.Id, e.Code, e.Name, e.Title, e.Email, e.UserId, e.CostRate, e.WeeklyCapacityHours, e.WorkingDays, e.IsActive,
        e.Skills.Select(s => new SkillDto(s.Id, s.Name, s.Weight, s.Aliases.ToArray(), s.ExpiresOn)).ToArray(),
        e.TimeOff.Select(t => new TimeOffDto(t.Id, t.From, t.To, t.Reason)).ToArray());
}

public sealed record SkillInput(string Name, int Weight, string[]? Aliases, DateOnly? ExpiresOn);

public sealed record TimeOffInput(DateOnly From, DateOnly To, string? Reason);

public static class EngineersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/engineers").WithTags("Engineers").AddEndpointFilter<DomainErrorFilter>();
        g.MapGet("/", async (EngineerService engineers) => TypedResults.Ok((await engineers.ListAsync()).Select(EngineerDto.From).ToArray())).WithName("ListEngineers");
        g.MapGet("/{id:guid}", async Task<Results<Ok<EngineerDto>, NotFound>> (Guid id, EngineerService engineers) =>
            await engineers.GetAsync(id) is { } e ? TypedResults.Ok(EngineerDto.From(e)) : TypedResults.NotFound()).WithName("GetEngineer");
        g.MapPost("/", async (EngineerInput input, EngineerService engineers) =>
        {
            var id = await engineers.SaveAsync(null, input);
            return TypedResults.Created($"/api/v1/engineers/{id}", EngineerDto.From((await engineers.GetAsync(id))!));
        }).WithName("CreateEngineer");
        g.MapPut("/{id:guid}", async (Guid id, EngineerInput input, EngineerService engineers) =>
        {
            await engineers.SaveAsync(id, input);
            return TypedResults.Ok(EngineerDto.From((await engineers.GetAsync(id))!));
        }).WithName("UpdateEngineer");
        g.MapPost("/{id:guid}/skills", async (Guid id, SkillInput input, EngineerService engineers) =>
        {
            await engineers.AddSkillAsync(id, input.Name, input.Weight, input.Aliases ?? [], input.ExpiresOn);
            return TypedResults.Ok(EngineerDto.From((await engineers.GetAsync(id))!));
        }).WithName("AddSkill").WithSummary("Adds a skill (weight 1–5, aliases, optional expiry) used by skills-based routing.");
        g.MapPost("/{id:guid}/time-off", async (Guid id, TimeOffInput input, EngineerService engineers) =>
        {
            await engineers.AddTimeOffAsync(id, input.From, input.To, input.Reason);
            return TypedResults.Ok(EngineerDto.From((await engineers.GetAsync(id))!));
        }).WithName("AddTimeOff");
    }
}
