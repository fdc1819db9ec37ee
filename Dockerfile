# Multi-stage: publish framework-dependent with the SDK (restore locked to the committed lock files),
# run on the ASP.NET Core runtime image as a non-root user (docs/decisions/011).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props global.json Psa.sln ./
COPY Psa.Domain/Psa.Domain.csproj Psa.Domain/packages.lock.json Psa.Domain/
COPY Psa.Infrastructure/Psa.Infrastructure.csproj Psa.Infrastructure/packages.lock.json Psa.Infrastructure/
COPY Psa.Web/Psa.Web.csproj Psa.Web/ProductRuntime.props Psa.Web/packages.lock.json Psa.Web/
RUN dotnet restore Psa.Web/Psa.Web.csproj --locked-mode -r linux-x64
COPY Psa.Domain/ Psa.Domain/
COPY Psa.Infrastructure/ Psa.Infrastructure/
COPY Psa.Web/ Psa.Web/
RUN dotnet publish Psa.Web/Psa.Web.csproj -c Release -r linux-x64 --self-contained false --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /data && chown app:app /data
ENV Urls=http://+:8080 \
    Psa__DataDirectory=/data \
    Psa__SeedDemo=false \
    ASPNETCORE_ENVIRONMENT=Production
VOLUME /data
EXPOSE 8080
USER app
HEALTHCHECK --interval=30s --timeout=3s CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
ENTRYPOINT ["dotnet", "Psa.Web.dll"]
