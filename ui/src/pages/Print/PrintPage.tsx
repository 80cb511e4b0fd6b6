import {
  FileExcelOutlined,
  FileWordOutlined,
  PrinterOutlined,
  SaveOutlined,
} from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Dropdown,
  Empty,
  Flex,
  InputNumber,
  Radio,
  Select,
  Space,
  Spin,
  Typography,
} from "antd";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ActivitySummary } from "../../bindings/ActivitySummary";
import type { ApiError } from "../../bindings/ApiError";
import type { ExcelJob } from "../../bindings/ExcelJob";
import type { Paper } from "../../bindings/Paper";
import type { PrintJob } from "../../bindings/PrintJob";
import type { PrintPreview } from "../../bindings/PrintPreview";
import type { ReviewDetail } from "../../bindings/ReviewDetail";
import { errorMessage } from "../../errors";
import { activitiesOfYear } from "../../ipc/activities";
import {
  exportXlsx,
  exportXlsxName,
  pickFile,
  pickPdfFile,
  printFileName,
  printOpen,
  printPreview,
  printSave,
  printSaveDocx,
} from "../../ipc/print";
import { findReview } from "../../ipc/reviews";
import { branchOptions, communityOf } from "../../lib/orgTree";
import { monthName } from "../../lib/text";
import { appToday } from "../../lib/today";
import { useOrg } from "../../state/org";
import { BatchPrint } from "./BatchPrint";

type DocKind = PrintJob["kind"];
const DOCS: DocKind[] = [
  "yearCalendar",
  "branchMonth",
  "communityMonth",
  "signIn",
  "activityRecord",
  "pointRoster",
  "reviewBallot",
  "reviewReport",
];
const CALENDARS: DocKind[] = ["yearCalendar", "branchMonth", "communityMonth"];
/** Documents that also exist as Word. */
const WORD_DOCS: DocKind[] = ["activityRecord", "reviewReport"];
type ExcelKind = ExcelJob["kind"];

/** The 打印 page: choose a document, preview its pages, open it for printing or save it. */
export function PrintPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { tree, scope } = useOrg();
  const [kind, setKind] = useState<DocKind>("yearCalendar");
  const [branchId, setBranchId] = useState<string | null>(
    scope?.kind === "branch" ? scope.id : null,
  );
  const [communityId, setCommunityId] = useState<string | null>(
    tree ? (communityOf(tree, scope) ?? null) : null,
  );
  const [year, setYear] = useState(appToday().year());
  const [month, setMonth] = useState(appToday().month() + 1);
  const [quarter, setQuarter] = useState(Math.floor(appToday().month() / 3) + 1);
  const [review, setReview] = useState<ReviewDetail | null | undefined>(undefined);
  const [paper, setPaper] = useState<Paper>("a4");
  const [activityId, setActivityId] = useState<string | null>(null);
  const [activities, setActivities] = useState<ActivitySummary[]>([]);
  const [preview, setPreview] = useState<PrintPreview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const needsActivity = kind === "signIn" || kind === "activityRecord";
  const forReview = kind === "reviewBallot" || kind === "reviewReport";
  const usesCommunity = kind === "communityMonth" || forReview;
  const rosterScope = kind === "pointRoster";

  useEffect(() => {
    if (!needsActivity || !branchId) return;
    activitiesOfYear(branchId, year)
      .then((list) => {
        setActivities(list);
        setActivityId((current) =>
          list.some((a) => a.id === current) ? current : (list[0]?.id ?? null),
        );
      })
      .catch((e: ApiError) => setError(e));
  }, [needsActivity, branchId, year]);

  // The report prints a finalised review: find the community's review of the quarter.
  useEffect(() => {
    if (!forReview || !communityId) return;
    setReview(undefined);
    findReview(communityId, year, quarter)
      .then(setReview)
      .catch((e: ApiError) => setError(e));
  }, [forReview, communityId, year, quarter]);

  const communities = useMemo(
    () =>
      (tree?.towns ?? []).flatMap((town) =>
        town.communities.map((c) => ({ value: c.community.id, label: c.community.name })),
      ),
    [tree],
  );

  /** The job the choices describe, or the key of what is still missing. */
  const job = ((): PrintJob | string => {
    if (needsActivity) {
      if (!branchId) return "print.needBranch";
      if (!activityId) return activities.length ? "print.needActivity" : "print.noActivities";
      return kind === "signIn" ? { kind, activityId } : { kind: "activityRecord", activityId };
    }
    if (usesCommunity) {
      if (!communityId) return "print.needCommunity";
      if (kind === "reviewBallot") return { kind, communityId, year, quarter };
      if (kind === "reviewReport") {
        if (review === undefined) return "print.findingReview";
        if (review === null) return "print.noReview";
        if (review.review.state !== "finalised") return "print.reviewNotFinal";
        return { kind, reviewId: review.review.id };
      }
      return { kind: "communityMonth", communityId, year, month, paper };
    }
    if (rosterScope) {
      if (!branchId && !communityId) return "print.needBranch";
      return {
        kind: "pointRoster",
        branchId: branchId ?? null,
        communityId: branchId ? null : communityId,
        year,
      };
    }
    if (!branchId) return "print.needBranch";
    return kind === "branchMonth"
      ? { kind, branchId, year, month, paper }
      : { kind: "yearCalendar", branchId, year, paper };
  })();
  const ready = typeof job !== "string";

  const run = async <T,>(work: () => Promise<T>): Promise<T | null> => {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (e) {
      setError(e as ApiError);
      return null;
    } finally {
      setBusy(false);
    }
  };

  const onPreview = async () => {
    if (!ready) return;
    setPreview(await run(() => printPreview(job)));
  };
  const onPrint = async () => {
    if (!ready) return;
    const saved = await run(() => printOpen(job));
    if (saved) message.success(t("print.opened", { path: saved.path }));
  };
  /** The PDF's name to offer: the preview's, or, saved before any preview (a blank ballot needs
   * none), the same name from the core. */
  const offeredName = async () =>
    preview?.fileName ?? (typeof job === "string" ? null : await run(() => printFileName(job)));
  const onSaveDocx = async () => {
    if (!ready) return;
    const pdfName = await offeredName();
    if (!pdfName) return;
    const name = pdfName.replace(/\.pdf$/, ".docx");
    const path = await pickFile(name, t("print.docxFilter"), "docx");
    if (!path) return;
    const saved = await run(() => printSaveDocx(job, path));
    if (saved) message.success(t("print.saved", { path: saved.path }));
  };

  // The tables of the current choices that export as Excel: branch-year ones need a branch,
  // the schedule and points a branch or community, the tally a review of the quarter.
  const excelJobs: ExcelJob[] = [];
  const scopeIds = {
    branchId: usesCommunity ? null : branchId,
    communityId: usesCommunity || !branchId ? communityId : null,
  };
  if (scopeIds.branchId || scopeIds.communityId) {
    excelJobs.push({ kind: "schedule", ...scopeIds, year });
    excelJobs.push({ kind: "points", ...scopeIds, year });
  }
  if (!usesCommunity && branchId) {
    excelJobs.push({ kind: "activities", branchId, year });
    excelJobs.push({ kind: "ledgers", branchId, year });
  }
  if (forReview && review) excelJobs.push({ kind: "tally", reviewId: review.review.id });
  const onExcel = async (excelKind: ExcelKind) => {
    const excel = excelJobs.find((j) => j.kind === excelKind);
    if (!excel) return;
    const name = await run(() => exportXlsxName(excel));
    if (!name) return;
    const path = await pickFile(name, t("print.xlsxFilter"), "xlsx");
    if (!path) return;
    const saved = await run(() => exportXlsx(excel, path));
    if (saved) message.success(t("print.saved", { path: saved.path }));
  };

  const onSave = async () => {
    if (!ready) return;
    const name = await offeredName();
    if (!name) return;
    const path = await pickPdfFile(name, t("print.pdfFilter"));
    if (!path) return;
    const saved = await run(() => printSave(job, path));
    if (saved) message.success(t("print.saved", { path: saved.path }));
  };

  const branchChoice = (
    <Select
      data-testid="print-branch"
      style={{ width: 260 }}
      placeholder={t("print.branch")}
      allowClear={rosterScope}
      value={branchId}
      options={tree ? branchOptions(tree) : []}
      onChange={(v) => {
        setBranchId(v ?? null);
        setPreview(null);
      }}
    />
  );

  return (
    <Flex vertical gap={12} style={{ padding: 16 }}>
      <Card size="small">
        <Space wrap size="middle">
          <Space>
            {t("print.document")}
            <Select
              data-testid="print-kind"
              style={{ width: 180 }}
              value={kind}
              options={DOCS.map((d) => ({ value: d, label: t(`print.docs.${d}`) }))}
              onChange={(v) => {
                setKind(v);
                setPreview(null);
              }}
            />
          </Space>
          {!usesCommunity && branchChoice}
          {(usesCommunity || (rosterScope && !branchId)) && (
            <Select
              data-testid="print-community"
              style={{ width: 180 }}
              placeholder={t("print.community")}
              value={communityId}
              options={communities}
              onChange={(v) => setCommunityId(v)}
            />
          )}
          <Space>
            {t("print.year")}
            <InputNumber
              data-testid="print-year"
              min={2000}
              max={2100}
              value={year}
              onChange={(v) => v && setYear(v)}
            />
          </Space>
          {(kind === "branchMonth" || kind === "communityMonth") && (
            <Select
              data-testid="print-month"
              style={{ width: 120 }}
              value={month}
              options={Array.from({ length: 12 }, (_, i) => ({
                value: i + 1,
                label: monthName(t, i + 1),
              }))}
              onChange={setMonth}
            />
          )}
          {forReview && (
            <Select
              data-testid="print-quarter"
              style={{ width: 110 }}
              value={quarter}
              options={[1, 2, 3, 4].map((q) => ({ value: q, label: t("print.quarter", { q }) }))}
              onChange={(q) => {
                setQuarter(q);
                setPreview(null);
              }}
            />
          )}
          {needsActivity && (
            <Select
              data-testid="print-activity"
              style={{ width: 300 }}
              placeholder={t("print.activity")}
              value={activityId}
              options={activities.map((a) => ({ value: a.id, label: `${a.date} ${a.topic}` }))}
              onChange={setActivityId}
            />
          )}
          {CALENDARS.includes(kind) && (
            <Radio.Group
              data-testid="print-paper"
              value={paper}
              onChange={(e) => setPaper(e.target.value)}
              optionType="button"
              options={[
                { value: "a4", label: "A4" },
                { value: "a3", label: "A3" },
              ]}
            />
          )}
          <Button data-testid="print-preview" disabled={!ready} loading={busy} onClick={onPreview}>
            {t("print.preview")}
          </Button>
          <Button
            data-testid="print-open"
            type="primary"
            icon={<PrinterOutlined />}
            disabled={!ready || busy}
            onClick={onPrint}
          >
            {t("print.print")}
          </Button>
          <Button
            data-testid="print-save"
            icon={<SaveOutlined />}
            disabled={!ready || busy}
            onClick={onSave}
          >
            {t("print.saveAs")}
          </Button>
          {WORD_DOCS.includes(kind) && (
            <Button
              data-testid="print-docx"
              icon={<FileWordOutlined />}
              disabled={!ready || busy}
              onClick={onSaveDocx}
            >
              {t("print.saveDocx")}
            </Button>
          )}
          <Dropdown
            trigger={["click"]}
            disabled={!excelJobs.length || busy}
            menu={{
              items: excelJobs.map((j) => ({
                key: j.kind,
                label: (
                  <span data-testid={`print-xlsx-${j.kind}`}>{t(`print.excel.${j.kind}`)}</span>
                ),
              })),
              onClick: ({ key }) => onExcel(key as ExcelKind),
            }}
          >
            <Button data-testid="print-xlsx" icon={<FileExcelOutlined />}>
              {t("print.exportExcel")}
            </Button>
          </Dropdown>
        </Space>
        {!ready && (
          <Typography.Paragraph type="secondary" style={{ margin: "8px 0 0" }}>
            {t(job)}
          </Typography.Paragraph>
        )}
      </Card>
      <BatchPrint year={year} month={kind === "branchMonth" ? month : null} paper={paper} />
      {error && <PrintError error={error} />}
      {preview ? (
        <Card
          size="small"
          data-testid="print-pages"
          title={t("print.font", { font: preview.font })}
          extra={t("print.pages", {
            count: preview.pages.length,
            width: preview.pageWidthMm,
            height: preview.pageHeightMm,
          })}
        >
          <Flex vertical align="center" gap={16} style={{ background: "#f0f0f0", padding: 16 }}>
            {preview.pages.map((page, i) => (
              <img
                // Pages have no identity beyond their position in the document.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                key={i}
                src={page.dataUrl}
                alt={`${i + 1}`}
                style={{ maxWidth: "100%", boxShadow: "0 1px 6px rgba(0,0,0,.25)" }}
              />
            ))}
          </Flex>
        </Card>
      ) : (
        <Spin spinning={busy}>
          <Empty description={t("print.empty")} />
        </Spin>
      )}
    </Flex>
  );
}

/** The error in Chinese; for a missing glyph, each character and where it occurs. */
function PrintError({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  return (
    <Alert
      data-testid="print-error"
      type="error"
      showIcon
      title={errorMessage(t, error)}
      description={
        error.glyphs?.length ? (
          <>
            {t("print.gapFont")}
            <ul style={{ margin: 0 }}>
              {error.glyphs.map((g) => (
                <li key={`${g.character}-${g.field}`}>{t("print.gap", g)}</li>
              ))}
            </ul>
          </>
        ) : undefined
      }
    />
  );
}
