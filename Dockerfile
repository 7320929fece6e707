# MisuseLab web platform. Multi-stage: the SDK image builds (npm brings plotly.js into wwwroot),
# the ASP.NET runtime image runs as a non-root user with the database and data on a volume.
#   docker build -t misuselab .
#   docker run -p 8080:8080 -v misuselab:/var/lib/misuselab -e MisuseLab__Audit__KeyFile=/run/secrets/misuselab-audit misuselab
# Production does not start without an audit key (MisuseLab__Audit__Keys__<id> or a key file of id=base64 lines, kept
# outside the volume that holds the database); see docs/deployment.md.
# The UCI Adult files are not baked in (they are never redistributed with MisuseLab): put adult.data,
# adult.test and adult.names into the volume's adult/ folder, e.g.
#   docker run --rm -v misuselab:/var/lib/misuselab -v "$PWD/data/adult:/src:ro" --entrypoint cp misuselab /src/. /var/lib/misuselab/adult/
# Every start verifies them against data/SHA256SUMS and names any file that differs.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Restore first, from the project files only, so the layer is cached until a dependency changes.
COPY Directory.Build.props Directory.Packages.props MisuseLab.sln ./
COPY src/MisuseLab.Learning/MisuseLab.Learning.csproj src/MisuseLab.Learning/
COPY src/MisuseLab.Study/MisuseLab.Study.csproj src/MisuseLab.Study/
COPY src/MisuseLab.Storage/MisuseLab.Storage.csproj src/MisuseLab.Storage/
COPY src/MisuseLab.Platform/MisuseLab.Platform.csproj src/MisuseLab.Platform/
COPY src/MisuseLab.Analysis/MisuseLab.Analysis.csproj src/MisuseLab.Analysis/
COPY src/MisuseLab.Web/MisuseLab.Web.csproj src/MisuseLab.Web/package.json src/MisuseLab.Web/package-lock.json src/MisuseLab.Web/
COPY src/MisuseLab.Bots/MisuseLab.Bots.csproj src/MisuseLab.Bots/
COPY src/MisuseLab.Cli/MisuseLab.Cli.csproj src/MisuseLab.Cli/
RUN dotnet restore src/MisuseLab.Web/MisuseLab.Web.csproj \
 && dotnet restore src/MisuseLab.Cli/MisuseLab.Cli.csproj
COPY data/SHA256SUMS data/README.md data/
COPY src/ src/
COPY studies/ studies/
RUN dotnet publish src/MisuseLab.Web/MisuseLab.Web.csproj -c Release --no-restore -o /out/web \
 && dotnet publish src/MisuseLab.Cli/MisuseLab.Cli.csproj -c Release --no-restore -o /out/cli \
 && cp -r studies /out/web/studies

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/misuselab/adult \
 && chown -R $APP_UID /var/lib/misuselab
WORKDIR /app
COPY --from=build /out/web ./
COPY --from=build /out/cli ./cli/
# Production: no demo accounts, no passwords printed, HSTS on (demo mode is only on in Development or when
# MisuseLab__Demo=true is set explicitly).
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS=http://+:8080 \
    MisuseLab__DataDir=/var/lib/misuselab/adult \
    MisuseLab__Database__Provider=sqlite \
    MisuseLab__Database__ConnectionString="Data Source=/var/lib/misuselab/misuselab.db"
VOLUME /var/lib/misuselab
EXPOSE 8080
# The .NET images define a non-root "app" user; its id is in $APP_UID.
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "MisuseLab.Web.dll"]
