/**
 * Vitest set-up: the kind catalogue the app loads from Rust at start, from a
 * file Rust writes (`make bindings`; `the_ui_tests_kind_catalogue_is_up_to_date`
 * fails when it is stale).
 */
import type { KindCatalogue } from "../../bindings";
import { setKindCatalogue } from "../kinds";
import catalogue from "./kindCatalogue.json";

setKindCatalogue(catalogue as unknown as KindCatalogue);
