using Microsoft.Playwright;
using Psa.E2E.Support;

namespace Psa.E2E.Pages;

/// <summary>A staff invoice page (<c>/billing/invoices/{id}</c>): approve, issue, print, credit lines, re-open their time.</summary>
public sealed class InvoicePage(IPage page)
{
    public IPage Page => page;

    /// <summary>The invoice's status: Draft, Approved, Issued, …</summary>
    public ILocator Status => page.GetByTestId("status");

    /// <summary>The invoice's own address, as opened (no <c>/print</c> or <c>/ubl</c>).</summary>
    public string Url { get; } = page.Url;

    /// <summary>Opens the first invoice listed in the billing page's invoices.</summary>
    public static async Task<InvoicePage> OpenFirstListedAsync(IPage billingPage)
    {
        var invoice = new System.Text.RegularExpressions.Regex("/billing/invoices/");
        // The list re-renders when the run's live update arrives; a click that lands on a row being replaced
        // does not navigate, so the link is clicked again (as a person would) before failing.
        for (var attempt = 1; ; attempt++)
        {
            await billingPage.GetByTestId("invoices").GetByRole(AriaRole.Link).First.ClickAsync();
            try
            {
                await Assertions.Expect(billingPage).ToHaveURLAsync(invoice, new() { Timeout = attempt < 3 ? 10_000 : 30_000 });
                break;
            }
            catch (PlaywrightException) when (attempt < 3 && !invoice.IsMatch(billingPage.Url))
            {
            }
        }

        await billingPage.WaitInteractiveAsync();
        return new InvoicePage(billingPage);
    }

    /// <summary>Opens an invoice by its address.</summary>
    public static async Task<InvoicePage> OpenAsync(IPage page, string invoiceUrl)
    {
        await page.GotoAsync(invoiceUrl);
        await page.WaitInteractiveAsync();
        return new InvoicePage(page);
    }

    public async Task ApproveAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(Status).ToHaveTextAsync("Approved");
    }

    /// <summary>Issues the invoice and sends it to the client (the confirmation's "Issue and send").</summary>
    public async Task IssueAndSendAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue and send" }).ClickAsync();
        await Assertions.Expect(Status).ToHaveTextAsync("Issued");
    }

    /// <summary>Credits the given lines (1-based, as the page numbers them) and waits for the credit note's summary.</summary>
    public async Task CreditLinesAsync(params int[] lines)
    {
        foreach (var line in lines)
        {
            await page.GetByLabel($"Credit line {line}").CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Credit selected lines" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("credited-time")).ToContainTextAsync("settled", new() { Timeout = 30_000 });
    }

    /// <summary>The credited time's summary (how many entries the credit settled).</summary>
    public ILocator CreditedTime => page.GetByTestId("credited-time");

    /// <summary>Asks to re-open the credited time; returns the confirmation dialog, not yet answered.</summary>
    public async Task<ILocator> AskReopenTimeAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Re-open time" }).ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync("becomes billable again", new() { Timeout = 20_000 });
        return dialog;
    }

    /// <summary>Confirms the re-open dialog and waits until the page says the next run bills the time.</summary>
    public async Task ConfirmReopenAsync()
    {
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Re-open", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("reopened")).ToContainTextAsync("billed by the next run", new() { Timeout = 20_000 });
    }
}
