# cs_policy -- built with PGXS.
#
#   make demo          set up everything, load the demo center, print its report
#   make test          set up everything, run pg_regress and pgTAP, print "N passed, N failed"
#   make && make install    build and install into the server that pg_config names

EXTENSION  = cs_policy
EXTVERSION = $(shell sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" $(EXTENSION).control)

MODULE_big = cs_policy
OBJS       = src/cs_policy.o src/text_core.o src/wire_core.o src/workweek_core.o src/workweek.o src/calendar_core.o src/calendar.o src/localtime.o src/shift_core.o src/shift.o src/ladder_core.o src/ladder.o src/rulebook_core.o src/rulebook.o src/attendance_core.o src/overtime_core.o src/packed.o src/attendance.o src/sla_core.o src/sla.o src/access_core.o src/access.o

# The install script is assembled from one SQL piece per concern, in
# dependency order; the data pieces are generated from data/.
SQL_PIECES = src/cs_policy.sql \
             src/rule.sql build/rule_data.sql \
             src/workweek.sql src/calendar.sql build/calendar_cn.sql \
             src/shift.sql src/ladder.sql src/rulebook.sql build/rulebook_data.sql \
             src/organization.sql \
             src/policy.sql src/access.sql src/serialize.sql \
             src/roster.sql src/swap.sql \
             src/leave.sql src/attendance.sql src/period.sql src/training.sql src/overtime.sql src/handover.sql \
             src/sla.sql src/complaint.sql src/complaint_sla.sql build/sla_target_data.sql \
             src/repair.sql src/chat.sql src/call.sql \
             src/performance.sql src/career.sql build/career_data.sql src/promotion.sql src/transfer.sql src/demotion.sql build/demotion_data.sql \
             src/report.sql src/row_security.sql src/roles.sql src/close.sql src/what_if.sql \
             src/distribute.sql src/demo.sql

DATA_built = $(EXTENSION)--$(EXTVERSION).sql
EXTRA_CLEAN = build results regression.diffs regression.out

REGRESS      = workweek calendar shift ladder rulebook sla policy roster \
               attendance_tiered group_seasonal punchcard_strict callcenter_2012 callcenter_7x24 hotline_2009 sales_desk points_2024 \
               complaints_hospital service_ladder_2023 close demo
REGRESS_OPTS = --inputdir=. --load-extension=btree_gist --load-extension=$(EXTENSION)

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PIECES) Makefile
	cat $(SQL_PIECES) > $@

build/rule_data.sql: data/rules.tsv data/presets.tsv tools/tsv2sql
	@mkdir -p build
	{ echo '-- build/rule_data.sql: generated from data/presets.tsv and data/rules.tsv (no C)'; \
	  tools/tsv2sql cs_policy.preset data/presets.tsv areas; \
	  tools/tsv2sql cs_policy.rule data/rules.tsv; } > $@

build/rulebook_data.sql: $(wildcard data/rulebooks/*/*.rules) tools/rules2sql
	@mkdir -p build
	tools/rules2sql $(sort $(wildcard data/rulebooks/*/*.rules)) > $@

build/sla_target_data.sql: data/sla_targets.tsv tools/tsv2sql
	@mkdir -p build
	{ echo '-- build/sla_target_data.sql: generated from data/sla_targets.tsv (no C)'; \
	  tools/tsv2sql cs_policy.preset_sla_target data/sla_targets.tsv categories; } > $@

build/career_data.sql: data/career_ladders.tsv data/career_levels.tsv data/career_criteria.tsv tools/tsv2sql
	@mkdir -p build
	{ echo '-- build/career_data.sql: generated from data/career_ladders.tsv, data/career_levels.tsv and data/career_criteria.tsv (no C)'; \
	  tools/tsv2sql cs_policy.career_ladder data/career_ladders.tsv; \
	  tools/tsv2sql cs_policy.career_level data/career_levels.tsv chain; \
	  tools/tsv2sql cs_policy.level_criterion data/career_criteria.tsv; } > $@

build/demotion_data.sql: data/demotion_rules.tsv tools/tsv2sql
	@mkdir -p build
	{ echo '-- build/demotion_data.sql: generated from data/demotion_rules.tsv (no C)'; \
	  tools/tsv2sql cs_policy.demotion_rule data/demotion_rules.tsv; } > $@

build/calendar_cn.sql: data/cn_public_holidays.csv tools/holidays2sql
	@mkdir -p build
	tools/holidays2sql data/cn_public_holidays.csv cn cn_group_seasonal > $@

.PHONY: demo test print-regress
# tools/test.sh reads the list from here, continuation lines and all
print-regress:
	@echo $(REGRESS)

demo:
	tools/demo.sh

test:
	tools/test.sh
