using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.Auth;
using Psa.Web.Billing;
using Shouldly;

namespace Psa.Tests.Billing;

public sealed class BillingApiTests
{
    [Fact]
    public async Task Api_PreviewRunApproveIssueAndDownloadUbl()
    {
        using var app = new PsaAppFactory();
        var owner = await app.CreateTenantAsync("acme");
        var tenant = (await app.Service<TenantDirectory>().FindAsync(TenantSlug.Parse("acme")))!;
        var token = await Api.ApiTests.CreateTokenAsync(app, owner);
        await using (var scope = app.Service<TenantScopeFactory>().Open(tenant))
        {
            await scope.ServiceProvider.GetRequiredService<ScenarioImportService>()
                .ImportJsonAsync(ScenarioFiles.Read("s01-time-and-materials-tiers.json"), includeSettings: true);
        }

        var client = app.ClientFor("acme");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var period = JsonDocument.Parse(ScenarioFiles.Read("s01-time-and-materials-tiers.json")).RootElement.GetProperty("period").GetString();

        var preview = await client.PostAsync($"/api/v1/billing/preview?period={period}", null);
        preview.StatusCode.ShouldBe(HttpStatusCode.OK, await preview.Content.ReadAsStringAsync());
        (await client.PostAsync("/api/v1/billing/preview?period=2026-13", null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var run = await client.PostAsync($"/api/v1/billing/runs?period={period}", null);
        run.StatusCode.ShouldBe(HttpStatusCode.Created, await run.Content.ReadAsStringAsync());
        var invoiceId = JsonDocument.Parse(await run.Content.ReadAsStringAsync()).RootElement.GetProperty("invoices")[0].GetGuid();

        (await client.PostAsync($"/api/v1/invoices/{invoiceId}/issue", null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PostAsync($"/api/v1/invoices/{invoiceId}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.PostAsync($"/api/v1/invoices/{invoiceId}/issue", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var invoice = await client.GetFromJsonAsync<JsonElement>($"/api/v1/invoices/{invoiceId}");
        invoice.GetProperty("number").GetString().ShouldBe("INV-00001");
        var ubl = await client.GetStringAsync($"/api/v1/invoices/{invoiceId}/ubl");
        // No seller or buyer Peppol ID in this workspace: the UBL says EN 16931 and does not claim Peppol BIS 3.0.
        ubl.ShouldContain("<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>");
        ubl.ShouldNotContain("urn:fdc:peppol.eu:2017:poacc:billing:3.0");
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/billing/runs")).GetArrayLength().ShouldBe(1);
        var clientCode = JsonDocument.Parse(ScenarioFiles.Read("s01-time-and-materials-tiers.json")).RootElement.GetProperty("clients")[0].GetProperty("id").GetString();
        var created = await client.PostAsJsonAsync("/api/v1/agreements", new { code = "api-tm", name = "Via API", clientCode, type = 1, start = "2026-01-01", hourlyRate = 160 });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/agreements/api-tm")).GetProperty("hourlyRate").GetDecimal().ShouldBe(160m);
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/agreements")).EnumerateArray().ShouldContain(a => a.GetProperty("code").GetString() == "api-tm");
    }
}
