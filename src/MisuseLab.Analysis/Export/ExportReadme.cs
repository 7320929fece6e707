using System.Text;
using MisuseLab.Analysis.Dataset;

namespace MisuseLab.Analysis.Export;

/// <summary>README.txt of an export: what each file holds and how they join.</summary>
internal static class ExportReadme
{
    public static string Text(StudyDataset data, ExportLayout layout)
    {
        var v = data.Version;
        var factors = layout.FactorColumns.Count == 0 ? "(none)" : string.Join(", ", layout.FactorColumns);
        var s = new StringBuilder();
        s.Append($"""
            MisuseLab export of study '{v.Slug}' version {v.Version}
            Study hash (SHA-256 of the study file's canonical JSON): {v.StudyHash}
            Participants: {data.Participants.Count} ({(data.IncludesWithdrawn ? "withdrawn participants included, flagged by participants.csv column 'withdrawn'" : "withdrawn participants left out")}; {(data.IncludesPilot ? "pilot participants included, flagged by participants.csv column 'pilot', and counted in analysis.json" : "pilot participants left out")})

            FILES
              responses.csv     Long format: one row per participant x answered item. Columns: pseudonym, cell,
                                one column per condition factor ({factors}), page, page_index, item, item_type, value,
                                key, correct, stimulus_sha256, answered_at, updated_at, seconds_on_page, code.
                                Items without an answer have no row; participants.csv says how far each person got.
                                value by item_type: ratings as integers; a nasa-tlx question as six rows
                                <id>:mental, :physical, :temporal, :performance, :effort, :frustration (its score,
                                Raw TLX, is their mean: no row of its own); multi-select as a JSON array of the
                                chosen options' texts in option order; number in invariant form (12, 2.5).
              participants.csv  One row per participant: pseudonym, cell, factor levels, status, withdrawn, pilot, started_at,
                                finished_at, duration_seconds, last_page, excluded, exclusion_reason, then one
                                column per background item.
              events.csv        Interactions in the order they happened: pseudonym, cell, page, type, detail (JSON), at.
              stimuli.csv       Where each stimulus was shown: cell, page, question (trials), instance, sha256, file.
              stimuli/<sha256>.json  Every stimulus of this study version, byte for byte as hashed: the SHA-256 of
                                the file's bytes is its name and the stimulus_sha256 of the answers given with it.
              codebook.csv      Every column of every CSV file, then every item: type, prompt, scale (a number's
                                min-max), anchors, options and answer key; after a NASA-TLX question's six rows, a
                                "nasa-tlx score" row describing its Raw TLX.
              answers.json      Every answer and background answer exactly as given (pseudonym, item, value): the
                                text the CSV files show neutralised for spreadsheets (see FORMAT).
              audit-head.txt    The audit log's head when this export was made, SEQ:HASH (the entry recording the
                                export). Keep it: `misuselab audit verify --expect-head SEQ:HASH` then proves no
                                entry up to it was deleted or rewritten. Absent from exports made without the log.
              sanity.json       The sanity checks run when this version was built (model and data randomization
                                of every explainer over several seeds, verdict per explainer); absent when none ran.
              analysis.json     The declared analysis (study file section "analysis"), with and without exclusions:
                                every model, coefficient, CI, test and p-value, with the options used; absent when
                                the study declares no analysis. With "analysis.replication", "paper_table2" holds
                                Kaur et al.'s Table 2 recomputed on this data beside the paper's published values
                                (block ratings averaged per participant first, as the paper's SDs imply; two-way
                                ANOVA, Welch t-tests with Cohen's d, Fisher's exact test), with and without exclusions.
              analysis.R        Reads these CSV files and reproduces analysis.json with ordinal, lme4 and base R
                                (Rscript analysis.R writes analysis_r.json). Its "glmer" entries (lme4::glmer
                                with participant and item random intercepts, per accuracy outcome) have no
                                counterpart in analysis.json: a mixed model MisuseLab does not fit, a sensitivity
                                check beside the cluster-robust model, not a reproduction of it.
              tasks.csv         Studies with locate or remedy pages: one row per such answer — the chosen remedies,
                                the retrained model's sha256, auc, log_loss, accuracy and auc_gain; the marks,
                                precision, recall and the defects located (the stored JSON of responses.value).
              tasks.json        Per cell, completed participants: detection rate of each defect (Wilson), precision
                                and recall, and the AUC gain's mean, SD, median and quartiles.
              study.json        The frozen study: id, version, study_hash, status, launched_at and the study
                                definition exactly as launched ("definition"; its canonical JSON hashes to study_hash).

            JOINING
              responses.pseudonym = participants.pseudonym = events.pseudonym
              responses.stimulus_sha256 = stimuli.sha256 -> stimuli/<sha256>.json
              responses.item = codebook.item (codebook.file = responses.csv)

            SCORING
              key is the right answer for that participant: literal keys as written in the study; derived keys
              (shown-top-feature, shown-effect-rises, shown-effect-spike) resolved against the stimulus that participant saw, so under a
              manipulated explanation the key is what the explanation showed; forward-simulation keys are the person
              the model rates higher, stored in the trial stimulus ("key"). correct is 1/0, empty when unkeyed.

            QUALITATIVE CODES
              Free-text answers coded by analysts in the web app (Analyst > Manipulation check) carry their code(s)
              in responses.csv column 'code', several separated by ';'. Codes equal to a defect name (e.g.
              mean-imputed-age) count as detecting that defect on the analysis page.
              Blind coding (Analyst > Blind coding: no pseudonym, cell or condition shown) is kept per coder in
              coder_codes.csv (pseudonym, item, coder C1/C2/..., code; empty code = reviewed, no code applies) and
              coder_agreement.csv gives Cohen's kappa per code and pair of coders over the answers both reviewed,
              with its Fleiss-Cohen-Everitt standard error and Wald interval (both files only once someone coded blind).

            FORMAT
              RFC 4180 CSV, UTF-8 without byte-order mark, CRLF line ends, comma-separated, '.' decimal point.
              Empty field = missing. Times are ISO 8601 UTC. No e-mail addresses or account ids appear anywhere.
              Spreadsheet-safe: a text field starting with an equals, plus or minus sign, an at sign, a tab or a
              carriage return (a formula to a spreadsheet) is written with a leading apostrophe ('=1+1); numbers
              such as -0.5 are left as they are. The exact text is in answers.json.
              R:      read.csv("responses.csv", na.strings = "", encoding = "UTF-8")
              pandas: pandas.read_csv("responses.csv", keep_default_na=False, na_values=[""])
            """);
        s.Append('\n');
        return s.ToString();
    }
}
