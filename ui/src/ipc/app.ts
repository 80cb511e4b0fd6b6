import type { AppInfo } from "../bindings/AppInfo";
import type { AppSettings } from "../bindings/AppSettings";
import type { DemoSummary } from "../bindings/DemoSummary";
import { call } from "./core";

export const appInfo = () => call<AppInfo>("app_info");
export const getSettings = () => call<AppSettings>("get_settings");
export const saveSettings = (settings: AppSettings) =>
  call<AppSettings>("save_settings", { settings });
export const loadDemo = () => call<DemoSummary>("load_demo");
