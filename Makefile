# The two set-up commands: `make demo` and `make test`. `make` builds build/kindred (Release).
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps build test unit e2e demo bench clean format

all: build

deps:
	@bash scripts/install-deps

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

test: build
	bash tests/run_all.sh $(BUILD)

demo: build
	bash scripts/demo.sh $(BUILD)

bench: build
	bash bench/run_all.sh $(BUILD)

clean:
	rm -rf $(BUILD)

format:
	clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'bench/*.cc')
