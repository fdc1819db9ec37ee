using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Clients;
using Psa.Domain.Projects;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Api;
using Psa.Tests.Support;
using Shouldly;

namespace Psa.Tests.TimeTracking;

public sealed class TimeApiTests : IDisposable
{
    private readonly PsaAppFactory _app = new();

    [Fact]
    public async Task TimerSubmitApprove_ThroughTheApi_ShowsInUtilisation()
    {
        var tenant = await _app.CreateTenantAsync("apitime", "owner@apitime.test");
        var token = await ApiTests.CreateTokenAsync(_app, tenant);
        Guid taskId;
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
            var client = Client.Create("fabrikam", "Fabrikam", 0m);
            var project = Project.Create("fab-net", client.Id, "Network refresh");
            var phase = ProjectPhase.Create(project.Id, 1, "Build");
            var task = ProjectTask.Create(project.Id, phase.Id, "Switches");
            db.AddRange(client, project, phase, task);
            await db.SaveChangesAsync();
            taskId = task.Id;
        }

        var http = _app.ClientFor("apitime");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        (await http.PostAsJsonAsync("/api/v1/timers/start", new { taskId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetFromJsonAsync<JsonElement>("/api/v1/timers")).GetArrayLength().ShouldBe(1);
        var stop = await (await http.PostAsync("/api/v1/timers/stop", null)).Content.ReadFromJsonAsync<JsonElement>();
        stop.GetProperty("saved").GetBoolean().ShouldBeTrue();

        var bad = await http.PostAsJsonAsync("/api/v1/time-entries", new { minutes = 30 });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").TryGetProperty("Client", out _).ShouldBeTrue();

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        (await http.PostAsJsonAsync("/api/v1/time-entries", new { taskId, date = today.ToDateTime(TimeOnly.MinValue), startTime = "07:00:00", minutes = 45, workTypeCode = "project", billable = true }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        (await http.PostAsync($"/api/v1/timesheets/{today:yyyy-MM-dd}/submit", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var sheets = await http.GetFromJsonAsync<JsonElement>("/api/v1/timesheets");
        var id = sheets[0].GetProperty("id").GetGuid();
        (await http.PostAsJsonAsync($"/api/v1/timesheets/{id}/reject", new { comment = "" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await http.PostAsJsonAsync($"/api/v1/timesheets/{id}/approve", new { comment = "ok" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var entries = await http.GetFromJsonAsync<JsonElement>($"/api/v1/time-entries?from={today.AddDays(-7):yyyy-MM-dd}&to={today.AddDays(7):yyyy-MM-dd}");
        var entryId = entries.EnumerateArray().First().GetProperty("id").GetGuid();
        (await http.DeleteAsync($"/api/v1/time-entries/{entryId}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var utilisation = await http.GetFromJsonAsync<JsonElement>($"/api/v1/reports/utilisation?from={today.AddDays(-7):yyyy-MM-dd}&to={today.AddDays(7):yyyy-MM-dd}");
        utilisation[0].GetProperty("billableHours").GetDecimal().ShouldBeGreaterThanOrEqualTo(0.75m);
    }

    public void Dispose() => _app.Dispose();
}
