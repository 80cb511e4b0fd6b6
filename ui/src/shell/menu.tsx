import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  FileDoneOutlined,
  FlagOutlined,
  HomeOutlined,
  PrinterOutlined,
  SettingOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";

export type PageId =
  | "home"
  | "register"
  | "calendar"
  | "activities"
  | "points"
  | "reviews"
  | "stats"
  | "printing"
  | "settings";

/** The left menu, in order. A later feature adds its page here (one line) and in AppShell. */
export const MENU: { id: PageId; icon: ReactNode; labelKey: string }[] = [
  { id: "home", icon: <HomeOutlined />, labelKey: "menu.home" },
  { id: "register", icon: <ApartmentOutlined />, labelKey: "menu.register" },
  { id: "calendar", icon: <CalendarOutlined />, labelKey: "menu.calendar" },
  { id: "activities", icon: <FileDoneOutlined />, labelKey: "menu.activities" },
  { id: "points", icon: <FlagOutlined />, labelKey: "menu.points" },
  { id: "reviews", icon: <AuditOutlined />, labelKey: "menu.reviews" },
  { id: "stats", icon: <BarChartOutlined />, labelKey: "menu.stats" },
  { id: "printing", icon: <PrinterOutlined />, labelKey: "menu.printing" },
  { id: "settings", icon: <SettingOutlined />, labelKey: "menu.settings" },
];
