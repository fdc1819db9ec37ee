using Psa.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Psa.Domain;
using Psa.Infrastructure.Sow;
using Psa.Web.Sow;

namespace Psa.Web.Api;

public static class SowApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/sow").WithTags("Statements of work").AddEndpointFilter<DomainErrorFilter>().RequirePermission(Permission.ProjectsManage);

        // Token-authenticated (no cookies), so there is no cross-site form post to guard against.
        g.MapPost("/proposals", async Task<Results<Ok<SowProposalJson>, ValidationProblem>> (IFormFile? file, SowProposalService sow, CancellationToken cancellationToken) =>
        {
            if (file is null || file.Length == 0)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Upload the statement of work as the multipart field 'file' (.docx, .pdf, .md or .txt, at most 10 MB)."] });
            }

            if (file.Length > SowFileReader.MaxBytes)
            {
                throw new DomainException($"{file.FileName} is larger than 10 MB.", "file");
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            var proposal = await sow.ProposeAsync(file.FileName, buffer.ToArray(), seedFromHistory: true, cancellationToken);
            return TypedResults.Ok(SowProposalJson.From(proposal));
        })
        .DisableAntiforgery()
        .WithName("ProposeFromStatementOfWork")
        .WithSummary("Reads a statement of work (multipart field 'file': .docx, .pdf, .md or .txt, at most 10 MB) and proposes phases, dependencies, sign-off, milestones and tasks, seeded from the workspace's similar past projects. Creates nothing.");
    }
}
