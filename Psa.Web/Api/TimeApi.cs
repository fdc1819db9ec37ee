using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Psa.Domain;
using Psa.Domain.TimeTracking;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;
using Psa.Web.TimeTracking;

namespace Psa.Web.Api;

public sealed record StartTimerRequest(Guid? TaskId, Guid? ClientId, Guid? AgreementId, string? WorkTypeCode, bool Billable = true);

public sealed record DecisionRequest(string? Comment);

/// <summary>Time entries, timers, timesheets and the utilisation report under <c>/api/v1</c>; CSV downloads for signed-in staff.</summary>
public static class TimeApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var entries = api.MapGroup("/time-entries").WithTags("Time");
        entries.MapGet("/", ListEntriesAsync).WithName("ListTimeEntries").RequirePermission(Permission.UseWorkspace)
            .WithSummary("Time entries from 'from' to 'to' (inclusive dates), with their tier split. Yours, or an engineer's for managers.");
        entries.MapPost("/", CreateEntryAsync).WithName("CreateTimeEntry").RequirePermission(Permission.UseWorkspace).WithSummary("Adds a manual entry for the token's user.");
        entries.MapPut("/{id:guid}", UpdateEntryAsync).WithName("UpdateTimeEntry").RequirePermission(Permission.UseWorkspace).WithSummary("Changes a draft or rejected entry.");
        entries.MapDelete("/{id:guid}", DeleteEntryAsync).WithName("DeleteTimeEntry").RequirePermission(Permission.UseWorkspace).WithSummary("Deletes a draft or rejected entry.");

        var timers = api.MapGroup("/timers").WithTags("Time");
        timers.MapGet("/", async (ClaimsPrincipal user, EngineerDirectory engineers, TimerService service) =>
            TypedResults.Ok(await service.ForEngineerAsync(await EngineerIdAsync(user, engineers)))).WithName("ListTimers").RequirePermission(Permission.UseWorkspace)
            .WithSummary("The running timer and any stopped timer awaiting confirmation.");
        timers.MapPost("/start", StartTimerAsync).WithName("StartTimer").RequirePermission(Permission.UseWorkspace).WithSummary("Starts a timer on a task, or for a client; stops and saves the running one.");
        timers.MapPost("/stop", async (ClaimsPrincipal user, EngineerDirectory engineers, TimerService service, bool confirm = false) =>
            TypedResults.Ok(await service.StopAsync(await EngineerIdAsync(user, engineers), confirm))).WithName("StopTimer").RequirePermission(Permission.UseWorkspace)
            .WithSummary("Stops the running timer. Past midnight or over 10 hours it is held until called again with confirm=true.");

        var sheets = api.MapGroup("/timesheets").WithTags("Time");
        sheets.MapGet("/", ListTimesheetsAsync).WithName("ListTimesheets").RequirePermission(Permission.TimesheetApproval).WithSummary("Timesheets in a state (default Submitted); managers only.");
        sheets.MapPost("/{weekStart}/submit", async (DateOnly weekStart, ClaimsPrincipal user, EngineerDirectory engineers, TimesheetService service) =>
            await Guard(async () => TypedResults.Ok(await service.SubmitAsync(await EngineerIdAsync(user, engineers), weekStart))))
            .WithName("SubmitTimesheet").RequirePermission(Permission.UseWorkspace).WithSummary("Submits the token user's week (any date in it).");
        sheets.MapPost("/{id:guid}/approve", (Guid id, DecisionRequest body, ClaimsPrincipal user, TimesheetService service) =>
            DecideAsync(user, () => service.ApproveAsync(id, Id(user), Name(user), body.Comment))).WithName("ApproveTimesheet").RequirePermission(Permission.TimesheetApproval);
        sheets.MapPost("/{id:guid}/reject", (Guid id, DecisionRequest body, ClaimsPrincipal user, TimesheetService service) =>
            DecideAsync(user, () => service.RejectAsync(id, Id(user), Name(user), body.Comment))).WithName("RejectTimesheet").RequirePermission(Permission.TimesheetApproval);

        api.MapGet("/reports/utilisation", async (DateOnly from, DateOnly to, TimeReportService reports) =>
            await Guard(async () => TypedResults.Ok((await reports.RunAsync(from, to)).Engineers)))
            .WithTags("Reports").WithName("GetUtilisation").RequirePermission(Permission.TimeOfOthersRead).WithSummary("Billable, non-billable and capacity hours per engineer.");
    }

    /// <summary>CSV exports for the Reports page (cookie sign-in, not API tokens).</summary>
    public static void MapDownloads(IEndpointRouteBuilder app)
    {
        app.MapGet("/reports/time/{kind}.csv", async Task<Results<FileContentHttpResult, NotFound, ValidationProblem>> (string kind, DateOnly from, DateOnly to, TimeReportService reports) =>
        {
            Func<TimeReport, string>? write = kind switch
            {
                "utilisation" => TimeReportService.UtilisationCsv,
                "clients" => TimeReportService.ClientsCsv,
                "projects" => TimeReportService.ProjectsCsv,
                _ => null,
            };
            if (write is null)
            {
                return TypedResults.NotFound();
            }

            try
            {
                var csv = write(await reports.RunAsync(from, to));
                return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv", $"{kind}-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}.csv");
            }
            catch (ValidationFailedException ex)
            {
                return TypedResults.ValidationProblem(Errors(ex));
            }
        }).RequirePermission(Permission.TimeOfOthersRead).ExcludeFromDescription();

        // The service desk's SLA compliance report (/reports/sla) exports here, beside the time reports.
        app.MapGet("/reports/sla.csv", async Task<Results<FileContentHttpResult, ValidationProblem>> (DateOnly from, DateOnly to, ServiceDesk.SlaReportService reports) =>
        {
            try
            {
                var csv = ServiceDesk.SlaReportService.Csv(await reports.RunAsync(from, to));
                return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv", $"sla-compliance-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}.csv");
            }
            catch (ValidationFailedException ex)
            {
                return TypedResults.ValidationProblem(Errors(ex));
            }
        }).RequirePermission(Permission.TimeOfOthersRead).ExcludeFromDescription();
    }

    private static async Task<IResult> ListEntriesAsync(DateOnly from, DateOnly to, Guid? engineerId, ClaimsPrincipal user, EngineerDirectory engineers, TimeEntryService service)
    {
        var me = await EngineerIdAsync(user, engineers);
        if (engineerId is not null && engineerId != me && !user.Can(Permission.TimeOfOthersRead))
        {
            return TypedResults.Forbid();
        }

        return TypedResults.Ok(await service.ListAsync(engineerId ?? me, from, to.AddDays(1)));
    }

    private static Task<IResult> CreateEntryAsync(TimeEntryInput input, ClaimsPrincipal user, EngineerDirectory engineers, TimeEntryService service) =>
        Guard(async () =>
        {
            var id = await service.CreateAsync(await EngineerIdAsync(user, engineers), input);
            return TypedResults.Created($"/api/v1/time-entries/{id}", new { id });
        });

    private static Task<IResult> UpdateEntryAsync(Guid id, TimeEntryInput input, ClaimsPrincipal user, EngineerDirectory engineers, TimeEntryService service) =>
        Guard(async () =>
        {
            await service.UpdateAsync(await EngineerIdAsync(user, engineers), id, input);
            return TypedResults.NoContent();
        });

    private static Task<IResult> DeleteEntryAsync(Guid id, ClaimsPrincipal user, EngineerDirectory engineers, TimeEntryService service) =>
        Guard(async () =>
        {
            await service.DeleteAsync(await EngineerIdAsync(user, engineers), id);
            return TypedResults.NoContent();
        });

    private static Task<IResult> StartTimerAsync(StartTimerRequest body, ClaimsPrincipal user, EngineerDirectory engineers, TimerService service) =>
        Guard(async () =>
        {
            var me = await EngineerIdAsync(user, engineers);
            var timer = body.TaskId is { } taskId
                ? await service.StartOnTaskAsync(taskId, me)
                : await service.StartForClientAsync(me, body.ClientId ?? Guid.Empty, body.AgreementId, body.WorkTypeCode ?? "remote", body.Billable);
            return TypedResults.Ok(timer);
        });

    private static async Task<IResult> ListTimesheetsAsync(ClaimsPrincipal user, TimesheetService service, TimesheetState state = TimesheetState.Submitted) =>
        user.Can(Permission.TimesheetApproval) ? TypedResults.Ok(await service.ListAsync(state)) : TypedResults.Forbid();

    private static Task<IResult> DecideAsync(ClaimsPrincipal user, Func<Task> decide) =>
        user.Can(Permission.TimesheetApproval)
            ? Guard(async () =>
            {
                await decide();
                return TypedResults.NoContent();
            })
            : Task.FromResult<IResult>(TypedResults.Forbid());

    /// <summary>Business-rule failures become 400 validation problems keyed by the field the user sees.</summary>
    private static async Task<IResult> Guard(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (ValidationFailedException ex)
        {
            return TypedResults.ValidationProblem(Errors(ex));
        }
        catch (DomainException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [ex.Field ?? string.Empty] = [ex.Message] });
        }
    }

    private static Dictionary<string, string[]> Errors(ValidationFailedException ex) =>
        ex.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());

    private static string Id(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;

    private static string Name(ClaimsPrincipal user) => user.FindFirstValue(PsaClaims.DisplayName) ?? user.Identity?.Name ?? "API";

    private static async Task<Guid> EngineerIdAsync(ClaimsPrincipal user, EngineerDirectory engineers) => (await engineers.ForUserAsync(Id(user))).Id;
}
