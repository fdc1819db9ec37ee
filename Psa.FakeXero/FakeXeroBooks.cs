namespace Psa.FakeXero;

/// <summary>The fake's bookkeeping rules: what Xero validates and computes when documents arrive.</summary>
public static class FakeXeroBooks
{
    private static readonly string[] WritableInvoiceStatuses = ["DRAFT", "SUBMITTED", "AUTHORISED"];

    /// <summary>Creates (no ID) or updates (ID given) an invoice; returns it with validation errors when refused.</summary>
    public static FakeXeroInvoice SaveInvoice(FakeXeroOrganisation org, FakeXeroInvoice input, DateTimeOffset now, bool allowUpdate)
    {
        var errors = new List<string>();
        var existing = input.InvoiceID != Guid.Empty ? org.Invoices.SingleOrDefault(i => i.InvoiceID == input.InvoiceID) : null;
        if (input.InvoiceID != Guid.Empty && existing is null)
        {
            errors.Add("Invoice could not be found");
        }
        else if (existing is not null && !allowUpdate)
        {
            errors.Add("PUT creates new invoices; use POST to update an existing one");
        }

        if (existing is not null && errors.Count == 0)
        {
            return UpdateInvoice(existing, input, now);
        }

        if (input.Type is not ("ACCREC" or "ACCPAY"))
        {
            errors.Add("Invoice Type must be specified");
        }

        if (!WritableInvoiceStatuses.Contains(input.Status))
        {
            errors.Add($"Invoice status '{input.Status}' cannot be set on a new invoice");
        }

        var contact = ValidateDocument(org, input.Contact, input.LineItems, errors);
        if (errors.Count > 0)
        {
            input.HasErrors = true;
            input.StatusAttributeString = "ERROR";
            input.ValidationErrors = Errors(errors);
            return input;
        }

        var invoice = new FakeXeroInvoice
        {
            Type = input.Type,
            InvoiceID = Guid.NewGuid(),
            InvoiceNumber = string.IsNullOrWhiteSpace(input.InvoiceNumber) ? $"INV-{org.NextInvoiceNumber++:D4}" : input.InvoiceNumber,
            Reference = input.Reference,
            Contact = new FakeXeroContactRef { ContactID = contact!.ContactID, Name = contact.Name },
            Date = input.Date ?? now,
            DueDate = input.DueDate ?? (input.Date ?? now).AddDays(30),
            Status = input.Status,
            LineAmountTypes = input.LineAmountTypes,
            LineItems = CopyLines(input.LineItems),
            CurrencyCode = input.CurrencyCode ?? "USD",
            UpdatedDateUTC = now,
            StatusAttributeString = "OK",
        };
        Totals(invoice.LineItems, out var sub, out var tax);
        invoice.SubTotal = sub;
        invoice.TotalTax = tax;
        invoice.Total = sub + tax;
        invoice.AmountDue = invoice.Total;
        org.Invoices.Add(invoice);
        return invoice;
    }

    private static FakeXeroInvoice UpdateInvoice(FakeXeroInvoice existing, FakeXeroInvoice input, DateTimeOffset now)
    {
        if (input.Status is "VOIDED" or "DELETED")
        {
            if (existing.AmountPaid > 0)
            {
                return Refuse(existing, "Invoice has payments applied and cannot be voided");
            }

            existing.Status = input.Status;
            existing.AmountDue = 0;
        }
        else if (!string.IsNullOrEmpty(input.Reference))
        {
            existing.Reference = input.Reference;
        }

        existing.UpdatedDateUTC = now;
        existing.StatusAttributeString = "OK";
        return existing;
    }

    private static FakeXeroInvoice Refuse(FakeXeroInvoice invoice, string message) => new()
    {
        InvoiceID = invoice.InvoiceID,
        Type = invoice.Type,
        Status = invoice.Status,
        HasErrors = true,
        StatusAttributeString = "ERROR",
        ValidationErrors = [new FakeXeroValidationError { Message = message }],
    };

    public static FakeXeroCreditNote SaveCreditNote(FakeXeroOrganisation org, FakeXeroCreditNote input, DateTimeOffset now)
    {
        var errors = new List<string>();
        if (input.Type is not ("ACCRECCREDIT" or "ACCPAYCREDIT"))
        {
            errors.Add("CreditNote Type must be specified");
        }

        var contact = ValidateDocument(org, input.Contact, input.LineItems, errors);
        if (errors.Count > 0)
        {
            input.HasErrors = true;
            input.StatusAttributeString = "ERROR";
            input.ValidationErrors = Errors(errors);
            return input;
        }

        var note = new FakeXeroCreditNote
        {
            Type = input.Type,
            CreditNoteID = Guid.NewGuid(),
            CreditNoteNumber = string.IsNullOrWhiteSpace(input.CreditNoteNumber) ? $"CN-{org.NextCreditNoteNumber++:D4}" : input.CreditNoteNumber,
            Reference = input.Reference,
            Contact = new FakeXeroContactRef { ContactID = contact!.ContactID, Name = contact.Name },
            Date = input.Date ?? now,
            Status = input.Status,
            LineAmountTypes = input.LineAmountTypes,
            LineItems = CopyLines(input.LineItems),
            CurrencyCode = input.CurrencyCode ?? "USD",
            UpdatedDateUTC = now,
            StatusAttributeString = "OK",
        };
        Totals(note.LineItems, out var sub, out var tax);
        note.SubTotal = sub;
        note.TotalTax = tax;
        note.Total = sub + tax;
        note.RemainingCredit = note.Total;
        org.CreditNotes.Add(note);
        return note;
    }

    public static FakeXeroPayment ApplyPayment(FakeXeroOrganisation org, FakeXeroInvoice invoice, decimal amount, DateOnly date, string? accountCode, DateTimeOffset now)
    {
        if (invoice.Status != "AUTHORISED")
        {
            throw new InvalidOperationException("Payments can only be made against Authorised documents");
        }

        if (amount <= 0 || amount > invoice.AmountDue)
        {
            throw new InvalidOperationException("Payment amount exceeds the amount outstanding on this document");
        }

        var payment = new FakeXeroPayment
        {
            PaymentID = Guid.NewGuid(),
            Invoice = new FakeXeroInvoiceRef { InvoiceID = invoice.InvoiceID, InvoiceNumber = invoice.InvoiceNumber },
            Account = new FakeXeroAccountRef { Code = accountCode ?? "090", AccountID = org.Accounts.FirstOrDefault(a => a.Code == (accountCode ?? "090"))?.AccountID },
            Date = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            Amount = amount,
            UpdatedDateUTC = now,
        };
        org.Payments.Add(payment);
        invoice.AmountPaid += amount;
        invoice.AmountDue -= amount;
        invoice.Payments.Add(new FakeXeroPaymentRef { PaymentID = payment.PaymentID, Date = payment.Date.Value, Amount = amount });
        if (invoice.AmountDue == 0)
        {
            invoice.Status = "PAID";
        }

        invoice.UpdatedDateUTC = now;
        return payment;
    }

    public static FakeXeroContact SaveContact(FakeXeroOrganisation org, FakeXeroContact input, DateTimeOffset now)
    {
        var existing = input.ContactID != Guid.Empty ? org.Contacts.SingleOrDefault(c => c.ContactID == input.ContactID) : null;
        if (input.ContactID != Guid.Empty && existing is null)
        {
            return ContactError(input, "Contact could not be found");
        }

        if (string.IsNullOrWhiteSpace(input.Name) && existing is null)
        {
            return ContactError(input, "The contact name must be specified");
        }

        if (input.Name is { } name && org.Contacts.Any(c => c != existing && string.Equals(c.Name, name.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            return ContactError(input, $"The contact name {name} is already assigned to another contact. The contact name must be unique across all active contacts.");
        }

        var contact = existing ?? new FakeXeroContact { ContactID = Guid.NewGuid() };
        contact.Name = input.Name?.Trim() ?? contact.Name;
        contact.EmailAddress = input.EmailAddress ?? contact.EmailAddress;
        contact.AccountNumber = input.AccountNumber ?? contact.AccountNumber;
        contact.UpdatedDateUTC = now;
        if (existing is null)
        {
            org.Contacts.Add(contact);
        }

        return contact;
    }

    private static FakeXeroContact ContactError(FakeXeroContact input, string message)
    {
        input.HasValidationErrors = true;
        input.ValidationErrors = [new FakeXeroValidationError { Message = message }];
        return input;
    }

    /// <summary>What every sales document needs: a known contact and valid lines. Returns the contact.</summary>
    private static FakeXeroContact? ValidateDocument(FakeXeroOrganisation org, FakeXeroContactRef? reference, List<FakeXeroLineItem> lines, List<string> errors)
    {
        var contact = ResolveContact(org, reference, errors);
        if (lines.Count == 0)
        {
            errors.Add("At least one line item must be specified");
        }

        ValidateLines(org, lines, errors);
        return contact;
    }

    private static List<FakeXeroValidationError> Errors(List<string> messages) => messages.Select(e => new FakeXeroValidationError { Message = e }).ToList();

    private static FakeXeroContact? ResolveContact(FakeXeroOrganisation org, FakeXeroContactRef? reference, List<string> errors)
    {
        if (reference is null || (reference.ContactID == Guid.Empty && string.IsNullOrWhiteSpace(reference.Name)))
        {
            errors.Add("A Contact must be specified for this type of transaction");
            return null;
        }

        var contact = reference.ContactID != Guid.Empty
            ? org.Contacts.SingleOrDefault(c => c.ContactID == reference.ContactID)
            : org.Contacts.SingleOrDefault(c => string.Equals(c.Name, reference.Name, StringComparison.OrdinalIgnoreCase));
        if (contact is null)
        {
            errors.Add("The contact could not be found");
        }

        return contact;
    }

    private static void ValidateLines(FakeXeroOrganisation org, List<FakeXeroLineItem> lines, List<string> errors)
    {
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line.Description))
            {
                errors.Add("Description needs to be at least 1 char long");
            }

            if (line.AccountCode is { Length: > 0 } code && !org.Accounts.Any(a => a.Code == code && a.Status == "ACTIVE"))
            {
                errors.Add($"Account code '{code}' is not a valid code for this document.");
            }

            foreach (var tracking in line.Tracking)
            {
                var category = org.TrackingCategories.SingleOrDefault(c => c.Name == tracking.Name);
                if (category is null || category.Options.All(o => o.Name != tracking.Option))
                {
                    errors.Add($"Tracking option '{tracking.Option}' is not valid for category '{tracking.Name}'.");
                }
            }
        }
    }

    private static List<FakeXeroLineItem> CopyLines(List<FakeXeroLineItem> lines) => lines.Select(l => new FakeXeroLineItem
    {
        LineItemID = Guid.NewGuid(),
        Description = l.Description,
        Quantity = l.Quantity,
        UnitAmount = l.UnitAmount,
        AccountCode = l.AccountCode,
        TaxAmount = l.TaxAmount,
        LineAmount = l.LineAmount != 0 ? l.LineAmount : Math.Round(l.Quantity * l.UnitAmount, 2, MidpointRounding.AwayFromZero),
        Tracking = l.Tracking.Select(t => new FakeXeroLineTracking { Name = t.Name, Option = t.Option }).ToList(),
    }).ToList();

    private static void Totals(List<FakeXeroLineItem> lines, out decimal subTotal, out decimal tax)
    {
        subTotal = lines.Sum(l => l.LineAmount);
        tax = lines.Sum(l => l.TaxAmount);
    }
}
