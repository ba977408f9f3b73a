# Spark Connect: protobuf/gRPC code generation and the kindred_connect library.
# Included by the top-level CMakeLists.txt (same scope), after the layer libraries exist.
find_package(Protobuf REQUIRED)
pkg_check_modules(GRPCPP REQUIRED IMPORTED_TARGET grpc++)
find_program(KINDRED_PROTOC protoc REQUIRED)
find_program(KINDRED_GRPC_CPP_PLUGIN grpc_cpp_plugin REQUIRED)
find_program(KINDRED_GRPC_PYTHON_PLUGIN grpc_python_plugin)

set(KINDRED_PROTO_DIR ${CMAKE_SOURCE_DIR}/proto)
set(KINDRED_PROTO_GEN ${CMAKE_BINARY_DIR}/proto_gen)
set(KINDRED_PYTHON_PROTO ${CMAKE_BINARY_DIR}/python_proto)
# The well-known types (google/protobuf/any.proto) live beside the protobuf headers.
set(KINDRED_PROTO_WKT ${Protobuf_INCLUDE_DIRS})
if(NOT KINDRED_PROTO_WKT)
  set(KINDRED_PROTO_WKT /usr/include)
endif()

file(GLOB KINDRED_PROTO_FILES CONFIGURE_DEPENDS
  ${KINDRED_PROTO_DIR}/spark/connect/*.proto
  ${KINDRED_PROTO_DIR}/google/rpc/*.proto
  ${KINDRED_PROTO_DIR}/zingg/spark/connect/*.proto
  ${KINDRED_PROTO_DIR}/kindred/er/*.proto)

set(kindred_proto_srcs)
set(kindred_python_outs)
foreach(proto ${KINDRED_PROTO_FILES})
  file(RELATIVE_PATH rel ${KINDRED_PROTO_DIR} ${proto})
  string(REGEX REPLACE "\\.proto$" "" stem ${rel})
  set(outs ${KINDRED_PROTO_GEN}/${stem}.pb.cc ${KINDRED_PROTO_GEN}/${stem}.pb.h)
  set(grpc_args)
  # Only base.proto declares a service; stubs for the others would be empty files.
  if(rel STREQUAL "spark/connect/base.proto")
    list(APPEND outs ${KINDRED_PROTO_GEN}/${stem}.grpc.pb.cc ${KINDRED_PROTO_GEN}/${stem}.grpc.pb.h)
    set(grpc_args --grpc_out=${KINDRED_PROTO_GEN}
                  --plugin=protoc-gen-grpc=${KINDRED_GRPC_CPP_PLUGIN})
  endif()
  add_custom_command(
    OUTPUT ${outs}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${KINDRED_PROTO_GEN}
    COMMAND ${KINDRED_PROTOC} -I ${KINDRED_PROTO_DIR} -I ${KINDRED_PROTO_WKT}
            --cpp_out=${KINDRED_PROTO_GEN} ${grpc_args} ${proto}
    DEPENDS ${proto} ${KINDRED_PROTO_FILES}
    COMMENT "protoc ${rel}"
    VERBATIM)
  foreach(o ${outs})
    if(o MATCHES "\\.cc$")
      list(APPEND kindred_proto_srcs ${o})
    endif()
  endforeach()

  # Python stubs, for the end-to-end test clients.
  set(py_outs ${KINDRED_PYTHON_PROTO}/${stem}_pb2.py)
  set(py_grpc_args)
  if(rel STREQUAL "spark/connect/base.proto" AND KINDRED_GRPC_PYTHON_PLUGIN)
    list(APPEND py_outs ${KINDRED_PYTHON_PROTO}/${stem}_pb2_grpc.py)
    set(py_grpc_args --grpc_python_out=${KINDRED_PYTHON_PROTO}
                     --plugin=protoc-gen-grpc_python=${KINDRED_GRPC_PYTHON_PLUGIN})
  endif()
  add_custom_command(
    OUTPUT ${py_outs}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${KINDRED_PYTHON_PROTO}
    COMMAND ${KINDRED_PROTOC} -I ${KINDRED_PROTO_DIR} -I ${KINDRED_PROTO_WKT}
            --python_out=${KINDRED_PYTHON_PROTO} ${py_grpc_args} ${proto}
    DEPENDS ${proto}
    COMMENT "protoc (python) ${rel}"
    VERBATIM)
  list(APPEND kindred_python_outs ${py_outs})
endforeach()
add_custom_target(kindred_python_proto ALL DEPENDS ${kindred_python_outs})
# A copy inside the Python package (git-ignored), so that `pip install ./python` after a build
# installs a client that carries its stubs.
add_custom_command(TARGET kindred_python_proto POST_BUILD
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${KINDRED_PYTHON_PROTO}
          ${CMAKE_SOURCE_DIR}/python/kindred/_proto
  VERBATIM)

# Generated code compiles slowly: its own library, built once, without our warning flags.
add_library(kindred_connect_proto STATIC ${kindred_proto_srcs})
target_include_directories(kindred_connect_proto PUBLIC ${KINDRED_PROTO_GEN})
target_compile_options(kindred_connect_proto PRIVATE -w)
# Requests carrying plans are parsed with a raised nesting limit (see src/connect/proto_traits.h).
set_source_files_properties(${KINDRED_PROTO_GEN}/spark/connect/base.grpc.pb.cc PROPERTIES
  COMPILE_OPTIONS "-include;${CMAKE_SOURCE_DIR}/src/connect/proto_traits.h")
target_link_libraries(kindred_connect_proto PUBLIC protobuf::libprotobuf PkgConfig::GRPCPP)

file(GLOB_RECURSE kindred_connect_srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/connect/*.cc)
list(FILTER kindred_connect_srcs EXCLUDE REGEX ".*_main\\.cc$")
add_library(kindred_connect STATIC ${kindred_connect_srcs})
find_package(ZLIB REQUIRED)
target_link_libraries(kindred_connect PUBLIC kindred_connect_proto kindred_sql kindred_er ZLIB::ZLIB)
add_dependencies(kindred_connect kindred_python_proto)

# A stand-alone server binary (the same code as `kindred serve`).
add_executable(kindred_connect_server ${CMAKE_SOURCE_DIR}/src/connect/server_main.cc
                                      ${CMAKE_SOURCE_DIR}/src/cli/serve.cc)
target_link_libraries(kindred_connect_server PRIVATE kindred_connect)

list(APPEND KINDRED_CLI_DEPS kindred_connect)
add_compile_definitions(KINDRED_WITH_CONNECT=1)
