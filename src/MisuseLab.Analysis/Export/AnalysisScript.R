
# ---- fixed part (MisuseLab.Analysis/Export/AnalysisScript.R) ----
suppressPackageStartupMessages({ library(ordinal); library(lme4); library(jsonlite) })
participants <- read.csv("participants.csv", check.names = FALSE, colClasses = "character", na.strings = "")
responses <- read.csv("responses.csv", check.names = FALSE, colClasses = "character", na.strings = "")

# Factors coded as in the study file: the first level is the reference (treatment contrasts, R's default).
coded <- function(d) { for (f in FACTORS) d[[f]] <- factor(d[[f]], levels = LEVELS[[f]]); d }
quoted <- function(x) sprintf("`%s`", x)
design_rhs <- paste(quoted(FACTORS), collapse = " * ")
focal_term <- paste(quoted(FACTORS), collapse = ":")
rhs <- function(extra = character(0)) paste(c(design_rhs, quoted(extra)), collapse = " + ")

with_covariates <- function(d) {
  if (length(COVARIATES) == 0) return(d)
  d <- merge(d, participants[, c("pseudonym", COVARIATES), drop = FALSE], by = "pseudonym", sort = FALSE)
  for (c in COVARIATES) d[[c]] <- if (is.null(COVARIATE_LEVELS[[c]])) as.numeric(d[[c]]) else factor(d[[c]], levels = COVARIATE_LEVELS[[c]])
  d[complete.cases(d[, COVARIATES, drop = FALSE]), ]
}

clm_summary <- function(m) {
  se <- sqrt(diag(vcov(m)))
  list(thresholds = lapply(names(m$alpha), function(n) list(name = n, estimate = unname(m$alpha[n]), standard_error = unname(se[n]))),
       coefficients = lapply(names(m$beta), function(n) list(name = n, estimate = unname(m$beta[n]), standard_error = unname(se[n]))),
       log_likelihood = as.numeric(logLik(m)), observations = nobs(m))
}

rating <- function(o, keep) {
  d <- coded(responses[responses$item == o$id & responses$pseudonym %in% keep, ])
  d$y <- factor(as.integer(d$value), ordered = TRUE)
  fo <- as.formula(paste("y ~", rhs()))
  m <- clm(fo, data = d, link = "logit", threshold = "flexible")
  m0 <- clm(update(fo, paste(". ~ . -", focal_term)), data = d, link = "logit", threshold = "flexible")
  lr <- anova(m0, m)
  out <- list(participants = nrow(d), model = clm_summary(m),
              focal_test = list(statistic = lr$LR.stat[2], degrees_of_freedom = lr$df[2], p_value = lr$`Pr(>Chisq)`[2]))
  out$focal_p <- out$focal_test$p_value
  po <- tryCatch(nominal_test(m), error = function(e) NULL)
  if (!is.null(po)) out$proportional_odds <- lapply(rownames(po)[-1], function(t) list(term = t, statistic = po[t, "LRT"], p_value = po[t, "Pr(>Chi)"]))
  if (length(COVARIATES) > 0) {
    da <- with_covariates(d)
    out$adjusted <- tryCatch(clm_summary(clm(as.formula(paste("y ~", rhs(COVARIATES))), data = da, link = "logit", threshold = "flexible")),
                             error = function(e) list(failure = conditionMessage(e)))
  }
  out$equivalence <- list()
  for (e in EQUIVALENCE) if (e$outcome == o$id) {
    lv <- LEVELS[[e$factor]]
    x <- as.numeric(d$value[d[[e$factor]] == lv[2]]); y <- as.numeric(d$value[d[[e$factor]] == lv[1]])
    ci <- t.test(x, y, conf.level = 1 - 2 * ALPHA)$conf.int
    pl <- t.test(x, y, mu = -e$bound, alternative = "greater")$p.value
    pu <- t.test(x, y, mu = e$bound, alternative = "less")$p.value
    out$equivalence[[length(out$equivalence) + 1]] <- list(factor = e$factor, lower = ci[1], upper = ci[2], p_lower = pl, p_upper = pu, p_value = max(pl, pu))
  }
  out
}

# Logistic regression with CR1 cluster-robust SEs by participant (sandwich::vcovCL's default, written out in base R).
accuracy <- function(o, keep) {
  d <- coded(responses[responses$item %in% c(o$items, o$catch) & responses$pseudonym %in% keep & !is.na(responses$correct), ])
  d$y <- as.integer(d$correct)
  per_participant <- aggregate(y ~ pseudonym, d[d$item %in% o$items, ], mean)
  real <- d[d$item %in% o$items, ]
  fo <- as.formula(paste("y ~", rhs()))
  fit <- glm(fo, family = binomial, data = real)
  X <- model.matrix(fit); u <- X * (real$y - fitted(fit))
  G <- length(unique(real$pseudonym)); N <- nrow(X); K <- ncol(X)
  V <- G / (G - 1) * (N - 1) / (N - K) * vcov(fit) %*% crossprod(rowsum(u, real$pseudonym)) %*% vcov(fit)
  se <- sqrt(diag(V)); z <- coef(fit) / se; p <- 2 * pnorm(-abs(z))
  focal <- colnames(X)[attr(X, "assign") == length(attr(terms(fit), "term.labels"))]
  out <- list(participants = nrow(per_participant), mean_accuracy = mean(per_participant$y),
              coefficients = lapply(names(coef(fit)), function(n) list(name = n, estimate = unname(coef(fit)[n]), robust_standard_error = unname(se[n]), p_value = unname(p[n]))),
              focal_p = min(1, length(focal) * min(p[focal])))
  # glmer: participant and item random intercepts. NOT in analysis.json, which holds only the CR1 cluster-robust glm
  # above (population-averaged); glmer's coefficients are participant-specific, so larger in magnitude, and nothing
  # in MisuseLab reproduces or checks them. Read them as a sensitivity analysis, not as a copy of analysis.json.
  out$glmer <- tryCatch({
    re <- if (length(o$items) > 1) "+ (1 | pseudonym) + (1 | item)" else NULL
    if (is.null(re)) stop("one item per participant: no random effects to estimate")
    g <- glmer(as.formula(paste("y ~", rhs(), re)), family = binomial, data = real)
    cf <- summary(g)$coefficients
    list(coefficients = lapply(rownames(cf), function(n) list(name = n, estimate = cf[n, 1], standard_error = cf[n, 2], p_value = cf[n, 4])))
  }, error = function(e) list(failure = conditionMessage(e)))
  out
}

# A declared average: one mean per participant over the items, then aov(mean ~ A * B) (sequential SS); focal = interaction.
average <- function(o, keep) {
  d <- responses[responses$item %in% o$items & responses$pseudonym %in% keep, ]
  d$v <- as.numeric(d$value)
  per <- coded(aggregate(d["v"], by = d[c("pseudonym", FACTORS)], FUN = mean))
  a <- summary(aov(as.formula(paste("v ~", rhs())), data = per))[[1]]
  k <- nrow(a) - 1
  list(participants = nrow(per), anova = lapply(seq_len(nrow(a)), function(i) list(term = trimws(rownames(a)[i]), sum_of_squares = a[i, "Sum Sq"], df = a[i, "Df"],
       f = a[i, "F value"], p = a[i, "Pr(>F)"])), focal_p = a[k, "Pr(>F)"])
}

# A declared task score ({page}.recall|precision|auc_gain, from tasks.csv): anova(lm(score ~ A * B …)) (sequential SS); focal = last term.
task <- function(o, keep) {
  t <- read.csv("tasks.csv", check.names = FALSE, colClasses = "character", na.strings = "")
  d <- t[t$item == o$items & t$pseudonym %in% keep & !is.na(t[[o$metric]]), c("pseudonym", o$metric)]
  names(d)[2] <- "v"
  d$v <- as.numeric(d$v)
  per <- coded(merge(d, participants[, c("pseudonym", FACTORS), drop = FALSE], by = "pseudonym"))
  a <- anova(lm(as.formula(paste("v ~", rhs())), data = per))
  k <- nrow(a) - 1
  list(participants = nrow(per), anova = lapply(seq_len(nrow(a)), function(i) list(term = trimws(rownames(a)[i]), sum_of_squares = a[i, "Sum Sq"], df = a[i, "Df"],
       f = a[i, "F value"], p = a[i, "Pr(>F)"])), focal_p = a[k, "Pr(>F)"])
}

samples <- list(all = participants$pseudonym, included = participants$pseudonym[participants$excluded == "0"])
result <- list()
for (s in names(samples)) {
  outcomes <- list()
  for (o in OUTCOMES) outcomes[[o$id]] <- tryCatch(if (o$kind == "rating") rating(o, samples[[s]]) else if (o$kind == "average") average(o, samples[[s]]) else if (o$kind == "task") task(o, samples[[s]]) else accuracy(o, samples[[s]]),
                                                   error = function(e) list(failure = conditionMessage(e), focal_p = NA))
  p <- sapply(FAMILY, function(id) outcomes[[id]]$focal_p)
  p <- p[!is.na(p)]
  adjusted <- if (CORRECTION == "holm") p.adjust(p, "holm") else p
  result[[s]] <- list(participants = length(samples[[s]]), outcomes = outcomes,
                      correction = lapply(names(p), function(n) list(name = n, p_value = unname(p[n]), adjusted = unname(adjusted[n]))))
}
write_json(result, "analysis_r.json", auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "string")
cat("analysis_r.json written\n")
