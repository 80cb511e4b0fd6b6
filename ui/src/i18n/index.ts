import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import type { Language } from "../bindings/Language";
import en from "./en.json";
import zhCN from "./zh-CN.json";

export const LANGUAGES: readonly Language[] = ["zh-CN", "en"];

// Chinese is the default; the saved choice is applied once get_settings answers.
void i18n.use(initReactI18next).init({
  resources: { "zh-CN": { translation: zhCN }, en: { translation: en } },
  lng: "zh-CN",
  fallbackLng: "zh-CN",
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
