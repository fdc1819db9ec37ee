namespace Psa.Domain.Clients;

/// <summary>An organisation the MSP serves. <see cref="Code"/> is the short, unique, human key (e.g. <c>acme</c>).</summary>
public sealed class Client
{
    private readonly List<Contact> _contacts = [];
    private readonly List<Site> _sites = [];

    private Client()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public string Code { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    /// <summary>Hourly rate for this client's time; null uses the workspace default.</summary>
    public decimal? HourlyRate { get; private set; }

    /// <summary>Sales tax as a fraction (0.2 = 20 %).</summary>
    public decimal TaxRate { get; private set; }

    public bool IsActive { get; private set; } = true;

    public string? Notes { get; private set; }

    /// <summary>Bill-to address printed on invoices and sent in the UBL.</summary>
    public string? AddressLine { get; private set; }

    public string? City { get; private set; }

    public string? PostalCode { get; private set; }

    /// <summary>ISO 3166 two-letter code; null means the seller's country.</summary>
    public string? CountryCode { get; private set; }

    /// <summary>The client's VAT or tax ID (EN 16931 BT-48).</summary>
    public string? TaxId { get; private set; }

    /// <summary>Company registration number (BT-47), e.g. a Dutch KvK number.</summary>
    public string? LegalId { get; private set; }

    public string? PeppolScheme { get; private set; }

    public string? PeppolId { get; private set; }

    public IReadOnlyList<Contact> Contacts => _contacts;

    public IReadOnlyList<Site> Sites => _sites;

    public static Client Create(string code, string name, decimal taxRate, decimal? hourlyRate = null)
    {
        var client = new Client();
        client.Update(code, name, taxRate, hourlyRate, null);
        return client;
    }

    public void Update(string code, string name, decimal taxRate, decimal? hourlyRate, string? notes)
    {
        code = (code ?? string.Empty).Trim();
        if (code.Length is 0 or > 40)
        {
            throw new DomainException("Client code is required (at most 40 characters).", "Code");
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("Client name is required.", "Name");
        }

        if (taxRate is < 0 or > 1)
        {
            throw new DomainException("Tax rate must be between 0 and 100 %.", "Tax rate");
        }

        if (hourlyRate < 0)
        {
            throw new DomainException("Hourly rate cannot be negative.", "Hourly rate");
        }

        Code = code;
        Name = name.Trim();
        TaxRate = taxRate;
        HourlyRate = hourlyRate;
        Notes = notes;
    }

    /// <summary>What invoices need to reach the client: address, tax and registration IDs, Peppol address.</summary>
    public void SetInvoicing(string? addressLine, string? city, string? postalCode, string? countryCode, string? taxId, string? legalId, string? peppolScheme, string? peppolId)
    {
        static string? Clean(string? s, int max, string field)
        {
            s = string.IsNullOrWhiteSpace(s) ? null : s.Trim();
            return s is { Length: var n } && n > max ? throw new DomainException($"{field} must be at most {max} characters.", field) : s;
        }

        countryCode = Clean(countryCode, 2, "Country")?.ToUpperInvariant();
        if (countryCode is not null && (countryCode.Length != 2 || !countryCode.All(char.IsAsciiLetter)))
        {
            throw new DomainException("Country must be a two-letter ISO 3166 code such as US, DE or NL.", "Country");
        }

        taxId = Clean(taxId, 30, "Tax ID")?.ToUpperInvariant().Replace(" ", string.Empty, StringComparison.Ordinal);
        if (taxId is not null && !taxId.All(char.IsAsciiLetterOrDigit))
        {
            throw new DomainException("Tax ID must be letters and digits (for example NL123456789B01).", "Tax ID");
        }

        (PeppolScheme, PeppolId) = Billing.Ledger.ElectronicAddress.Normalize(peppolScheme, peppolId, "Peppol ID");
        AddressLine = Clean(addressLine, 200, "Address");
        City = Clean(city, 100, "City");
        PostalCode = Clean(postalCode, 20, "Postal code");
        CountryCode = countryCode;
        TaxId = taxId;
        LegalId = Clean(legalId, 50, "Registration number");
    }

    /// <summary>Marks who receives invoices; several contacts may (each gets the mail).</summary>
    public void SetBillingContact(Guid contactId, bool billing)
    {
        var contact = _contacts.FirstOrDefault(c => c.Id == contactId) ?? throw new DomainException("That contact is not one of this client's.", "Contact");
        contact.IsBillingContact = billing;
    }

    /// <summary>Invoice recipients: the billing contacts, or the primary contact when none is marked.</summary>
    public IReadOnlyList<Contact> InvoiceRecipients() =>
        _contacts.Any(c => c.IsBillingContact) ? _contacts.Where(c => c.IsBillingContact).ToList() : _contacts.Where(c => c.IsPrimary).ToList();

    public void Deactivate() => IsActive = false;

    public Contact AddContact(string name, string email, string? phone = null, bool primary = false)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("Contact name is required.", "Name");
        }

        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal))
        {
            throw new DomainException("Contact email must be a valid email address.", "Email");
        }

        var normalized = email.Trim().ToLowerInvariant();
        if (_contacts.Any(c => c.Email == normalized))
        {
            throw new DomainException($"{normalized} is already a contact of {Name}.", "Email");
        }

        if (primary)
        {
            _contacts.ForEach(c => c.IsPrimary = false);
        }

        var contact = new Contact(Id, name.Trim(), normalized, phone?.Trim(), primary || _contacts.Count == 0);
        _contacts.Add(contact);
        return contact;
    }

    public void UpdateContact(Guid contactId, string name, string email, string? phone, bool primary)
    {
        var contact = _contacts.FirstOrDefault(c => c.Id == contactId) ?? throw new DomainException("That contact is not one of this client's.", "Contact");
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("Contact name is required.", "Name");
        }

        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal))
        {
            throw new DomainException("Contact email must be a valid email address.", "Email");
        }

        var normalized = email.Trim().ToLowerInvariant();
        if (_contacts.Any(c => c.Email == normalized && c.Id != contactId))
        {
            throw new DomainException($"{normalized} is already a contact of {Name}.", "Email");
        }

        if (primary)
        {
            _contacts.ForEach(c => c.IsPrimary = false);
        }
        else if (contact.IsPrimary && _contacts.Count > 1)
        {
            throw new DomainException("Make another contact primary instead: a client keeps one primary contact.", "Primary");
        }

        contact.Change(name.Trim(), normalized, string.IsNullOrWhiteSpace(phone) ? null : phone.Trim());
        contact.IsPrimary = primary || _contacts.Count == 1;
    }

    /// <summary>Removes a contact; when it was the primary one, the next contact becomes primary.</summary>
    public Contact RemoveContact(Guid contactId)
    {
        var contact = _contacts.FirstOrDefault(c => c.Id == contactId) ?? throw new DomainException("That contact is not one of this client's.", "Contact");
        _contacts.Remove(contact);
        if (contact.IsPrimary && _contacts.Count > 0)
        {
            _contacts[0].IsPrimary = true;
        }

        return contact;
    }

    public void UpdateSite(Guid siteId, string name, string? address)
    {
        var site = _sites.FirstOrDefault(s => s.Id == siteId) ?? throw new DomainException("That site is not one of this client's.", "Site");
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("Site name is required.", "Name");
        }

        site.Change(name.Trim(), string.IsNullOrWhiteSpace(address) ? null : address.Trim());
    }

    public Site RemoveSite(Guid siteId)
    {
        var site = _sites.FirstOrDefault(s => s.Id == siteId) ?? throw new DomainException("That site is not one of this client's.", "Site");
        _sites.Remove(site);
        return site;
    }

    public Site AddSite(string name, string? address)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("Site name is required.", "Name");
        }

        var site = new Site(Id, name.Trim(), address?.Trim());
        _sites.Add(site);
        return site;
    }
}

public sealed class Contact
{
    private Contact()
    {
    }

    internal Contact(Guid clientId, string name, string email, string? phone, bool isPrimary)
    {
        ClientId = clientId;
        Name = name;
        Email = email;
        Phone = phone;
        IsPrimary = isPrimary;
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ClientId { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public string Email { get; private set; } = string.Empty;

    public string? Phone { get; private set; }

    public bool IsPrimary { get; internal set; }

    /// <summary>Receives issued invoices by email.</summary>
    public bool IsBillingContact { get; internal set; }

    internal void Change(string name, string email, string? phone)
    {
        Name = name;
        Email = email;
        Phone = phone;
    }
}

public sealed class Site
{
    private Site()
    {
    }

    internal Site(Guid clientId, string name, string? address)
    {
        ClientId = clientId;
        Name = name;
        Address = address;
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ClientId { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public string? Address { get; private set; }

    internal void Change(string name, string? address)
    {
        Name = name;
        Address = address;
    }
}
