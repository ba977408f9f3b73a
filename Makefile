# The two set-up commands: `make demo` and `make test`. `make` builds build/kindred (Release).
BUILD ?= build
POISON_BUILD ?= build-poison
JOBS ?= $(shell nproc)

.PHONY: all deps build test test-poison unit e2e demo bench clean format

all: build

deps:
	@bash scripts/install-deps

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

test: build
	bash tests/run_all.sh $(BUILD)
	$(MAKE) test-poison

# The unit and golden tests again, with every new column buffer filled with garbage: code that
# relies on zero-filled buffers fails here (src/columnar/column.h, AlignedAllocator).
test-poison: deps
	cmake -S . -B $(POISON_BUILD) -DCMAKE_BUILD_TYPE=Release -DKINDRED_POISON_BUFFERS=ON
	cmake --build $(POISON_BUILD) -j $(JOBS) --target unit_common unit_columnar unit_format unit_er unit_sql unit_connect
	ctest --test-dir $(POISON_BUILD) --output-on-failure -j $(JOBS) --timeout 900

demo: build
	bash scripts/demo.sh $(BUILD)

bench: build
	bash bench/run_all.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(POISON_BUILD)

format:
	clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'bench/*.cc')
